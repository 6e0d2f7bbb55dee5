using CustomerCore.EntityFrameworkCore;
using CustomerCore.Loyalty;
using CustomerCore.Phones;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Sample.Console;

/// <summary>How a vendor wires CustomerCore into its own process: options, a database, the stores, then the services.</summary>
internal static class CliHost
{
    /// <summary>How long a write waits, by default, for another process to release the SQLite write lock.</summary>
    public const int DefaultBusyTimeoutSeconds = 30;

    /// <summary>How long a write waits in this process (<c>--busy-timeout</c>).</summary>
    public static int BusyTimeoutSeconds { get; set; } = DefaultBusyTimeoutSeconds;

    /// <summary>The SQLite file used when <c>--db</c> is not given, in the working directory.</summary>
    public const string DefaultDatabase = "customercore.db";

    public static async Task<ServiceProvider> BuildAsync(string region, string database, CancellationToken cancellationToken)
    {
        PhoneNormalizer.Warm();
        var services = new ServiceCollection();
        services.AddCustomerCore(o =>
                {
                    o.DefaultRegion = region;

                    // The sample merchant runs a simple programme: a point per unit of currency spent, rounded down.
                    o.Loyalty = new LoyaltyProgram { Enabled = true, Rate = 1m };
                })
                .AddEntityFrameworkStores<CustomerCoreDbContext>(db => UseDatabase(db, database));
        var provider = services.BuildServiceProvider();

        // A sample creates its schema on first use; a vendor's application would run its own migrations instead.
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Database.EnsureCreatedAsync(cancellationToken);
        return provider;
    }

    /// <summary>A PostgreSQL connection string (<c>Host=...</c>) selects PostgreSQL; anything else is a SQLite file path.</summary>
    public static bool IsPostgreSql(string database)
    {
        var text = database.TrimStart();
        return text.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || text.StartsWith("Server=", StringComparison.OrdinalIgnoreCase)
            || (text.Contains(';') && text.Contains("Host=", StringComparison.OrdinalIgnoreCase));
    }

    private static void UseDatabase(DbContextOptionsBuilder options, string database)
    {
        if (IsPostgreSql(database))
        {
            options.UseNpgsql(database);
        }
        else
        {
            // The builder quotes the path, so a file name with ';' or '=' is still just a file name. A writer waits up to
            // BusyTimeoutSeconds for another process (an import, another till) to finish writing before giving up.
            options.UseSqlite(new SqliteConnectionStringBuilder { DataSource = database, DefaultTimeout = BusyTimeoutSeconds }.ToString());
        }
    }

    /// <summary>What to do about a database error, in one line. Never advice that loses data.</summary>
    public static string Advice(Exception error) => error switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } =>
            $"The database is busy: another process (an import, another till) kept it locked for more than {BusyTimeoutSeconds} s. " +
            "Nothing was changed; try again when it has finished.",
        SqliteException { SqliteErrorCode: 1 } sqlite when sqlite.Message.Contains("no such", StringComparison.OrdinalIgnoreCase) =>
            "The database file lacks tables or columns this version needs (it was made by an older build of this sample). " +
            "Keep it for that build and pass --db with a new file for this one.",
        _ => "Check that the database file can be written, or that the PostgreSQL server named by --db is running and reachable.",
    };
}
