using CustomerCore.EntityFrameworkCore;
using CustomerCore.Loyalty;
using CustomerCore.Phones;
using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

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
        CheckDatabaseArgument(database);
        PhoneNormalizer.Warm();
        var services = new ServiceCollection();
        var builder = services.AddCustomerCore(o =>
        {
            o.DefaultRegion = region;

            // The sample merchant runs a simple programme: a point per unit of currency spent, rounded down.
            o.Loyalty = new LoyaltyProgram { Enabled = true, Rate = 1m };
        });
        if (IsPostgreSql(database))
        {
            builder.AddEntityFrameworkStores<CliPostgreSqlDbContext>(db => db.UseNpgsql(database));
            services.AddScoped<CustomerCoreDbContext>(scoped => scoped.GetRequiredService<CliPostgreSqlDbContext>());
        }
        else
        {
            // The builder quotes the path, so a file name with ';' or '=' is still just a file name. A writer waits up to
            // BusyTimeoutSeconds for another process (an import, another till) to finish writing before giving up.
            builder.AddEntityFrameworkStores<CliSqliteDbContext>(db =>
                db.UseSqlite(new SqliteConnectionStringBuilder { DataSource = database, DefaultTimeout = BusyTimeoutSeconds }.ToString()));
            services.AddScoped<CustomerCoreDbContext>(scoped => scoped.GetRequiredService<CliSqliteDbContext>());
        }

        var provider = services.BuildServiceProvider();

        // The schema comes from the migrations checked into this sample, so a file made by an earlier build is upgraded.
        await using var scope = provider.CreateAsyncScope();
        await CliDatabase.UpgradeAsync(scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>(), cancellationToken);
        return provider;
    }

    /// <summary>Whether libphonenumber has metadata for <paramref name="region"/> (an upper-case ISO 3166 code), so that numbers typed
    /// without a country code can be read for it.</summary>
    public static bool IsKnownRegion(string region) => PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region);

    /// <summary>A PostgreSQL connection string (<c>Host=...</c>) selects PostgreSQL; anything else is a SQLite file path.</summary>
    public static bool IsPostgreSql(string database)
    {
        var text = database.TrimStart();
        return text.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || text.StartsWith("Server=", StringComparison.OrdinalIgnoreCase)
            || (text.Contains(';') && text.Contains("Host=", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// One line for an infrastructure failure: what went wrong and what to do, never advice that loses data, never the
    /// connection string (it may hold a password) or a stored value. Null for an exception that is not infrastructure
    /// trouble (a bug).
    /// </summary>
    public static string? DescribeFailure(Exception error)
    {
        // Entity Framework wraps provider errors (a failed connection becomes an InvalidOperationException about transient
        // failures, a failed save a DbUpdateException), so the cause is looked for down the chain.
        for (var cause = error; cause is not null; cause = cause.InnerException)
        {
            if (cause is DbException database)
            {
                return Describe(database);
            }
        }

        return error switch
        {
            DbUpdateConcurrencyException => "The data changed while this command ran; nothing was changed. Run the command again.",
            DbUpdateException => "The database refused the change; nothing was changed.",
            UnauthorizedAccessException or IOException => error.Message,
            OlderSchemaException => OlderBuildAdvice,
            _ => null,
        };
    }

    private const string OlderBuildAdvice =
        "The database lacks tables or columns this version needs and has no migration history to upgrade from (it was made by " +
        "an older build of this sample, from before its migrations). Keep it for that build and pass --db with a new file for this one.";

    private static string Describe(DbException error) => error switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } =>
            $"The database is busy: another process (an import, another till) kept it locked for more than {BusyTimeoutSeconds} s. " +
            "Nothing was changed; try again when it has finished.",
        SqliteException { SqliteErrorCode: 1 } sqlite when sqlite.Message.Contains("no such", StringComparison.OrdinalIgnoreCase) => OlderBuildAdvice,
        SqliteException { SqliteErrorCode: 14 } =>
            "The SQLite file named by --db cannot be opened or created: check that its folder exists, that it is not a folder, and that it can be written.",
        SqliteException { SqliteErrorCode: 8 } =>
            "The SQLite file named by --db is read-only; nothing was changed. Make it writable or pass --db with another file.",
        SqliteException { SqliteErrorCode: 26 } =>
            "The file named by --db is not a SQLite database; nothing was changed. Pass --db with a database file or a new file name.",
        SqliteException { SqliteErrorCode: 13 } =>
            "The disk holding the SQLite file is full; nothing was changed.",
        SqliteException sqlite =>
            $"SQLite error {sqlite.SqliteErrorCode} ({sqlite.SqliteErrorCode switch { 10 => "disk I/O error", 11 => "the file is corrupt", _ => "see the SQLite documentation" }}); " +
            "check that the database file can be written.",
        PostgresException { SqlState: "28P01" or "28000" } =>
            "The PostgreSQL server refused the login: check the user name and password in --db.",
        PostgresException { SqlState: "3D000" } =>
            "The database named in --db does not exist on the PostgreSQL server.",
        PostgresException postgres =>
            $"The PostgreSQL server reported error {postgres.SqlState}; nothing was changed.",
        NpgsqlException npgsql =>
            $"Cannot connect to the PostgreSQL server named by --db ({Reason(npgsql)}). Check that it is running and reachable.",
        _ => $"The database reported an error ({error.GetType().Name}); nothing was changed.",
    };

    private static string Reason(NpgsqlException error)
    {
        for (Exception? cause = error; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                        SocketError.TimedOut => "timed out",
                        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "host unreachable",
                        _ => "network error " + socket.SocketErrorCode,
                    };
                case TimeoutException:
                    return "timed out";
            }
        }

        return "the connection failed";
    }

    /// <summary>A usage error when <c>--db</c> names a folder, or is a PostgreSQL connection string that cannot be read (its
    /// text is not repeated: it may hold a password).</summary>
    public static void CheckDatabaseArgument(string database)
    {
        if (!IsPostgreSql(database))
        {
            if (Directory.Exists(database))
            {
                throw new UsageException($"--db '{database}' is a folder; give a SQLite file name (created if missing) or a PostgreSQL connection string.");
            }

            return;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(database);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw new UsageException("--db is not a valid PostgreSQL connection string (Host=...;Port=...;Database=...;Username=...).");
        }
    }
}
