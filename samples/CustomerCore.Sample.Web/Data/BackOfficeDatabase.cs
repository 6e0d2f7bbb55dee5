using CustomerCore.Loyalty;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.Sample.Web.Data;

/// <summary>Which database the back office runs on, read from configuration.</summary>
public enum BackOfficeDatabaseProvider
{
    /// <summary>A SQLite file (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (<c>Database:Provider=PostgreSql</c> and <c>ConnectionStrings:BackOffice</c>).</summary>
    PostgreSql,
}

/// <summary>Registers the back office's DbContext for the configured provider, with Identity and CustomerCore on it.</summary>
public static class BackOfficeDatabase
{
    /// <summary>The SQLite file used when no path is configured, in the content root.</summary>
    public const string DefaultSqliteFile = "backoffice.db";

    /// <summary>Reads <c>Database:Provider</c>; SQLite unless it names PostgreSQL.</summary>
    public static BackOfficeDatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var name = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(name) || name.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return BackOfficeDatabaseProvider.Sqlite;
        }

        return name.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase) || name.Equals("Npgsql", StringComparison.OrdinalIgnoreCase)
            ? BackOfficeDatabaseProvider.PostgreSql
            : throw new InvalidOperationException($"Database:Provider '{name}' is not known; use Sqlite or PostgreSql.");
    }

    /// <summary>
    /// Registers the provider's context, Identity's stores and CustomerCore's stores on it, and the context also as
    /// <see cref="BackOfficeDbContext"/> so start-up code need not know the provider.
    /// </summary>
    public static IdentityBuilder AddBackOfficeDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot, IdentityBuilder identity)
    {
        return ProviderFrom(configuration) switch
        {
            BackOfficeDatabaseProvider.PostgreSql => Add<PostgreSqlBackOfficeDbContext>(services, configuration, identity,
                db => db.UseNpgsql(configuration.GetConnectionString("BackOffice")
                    ?? throw new InvalidOperationException("Database:Provider is PostgreSql but ConnectionStrings:BackOffice is not set."))),
            _ => Add<SqliteBackOfficeDbContext>(services, configuration, identity,
                db => db.UseSqlite(new SqliteConnectionStringBuilder { DataSource = SqliteFile(configuration, contentRoot), DefaultTimeout = 30 }.ToString())),
        };
    }

    /// <summary>The SQLite file: <c>Database:SqliteFile</c> (relative to the content root) or <see cref="DefaultSqliteFile"/>.</summary>
    public static string SqliteFile(IConfiguration configuration, string contentRoot) =>
        Path.GetFullPath(configuration["Database:SqliteFile"] is { Length: > 0 } file ? file : DefaultSqliteFile, contentRoot);

    /// <summary>Brings the schema to the checked-in migrations of the configured provider; never EnsureCreated.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BackOfficeDbContext>().Database.MigrateAsync(cancellationToken);
    }

    private static IdentityBuilder Add<TContext>(IServiceCollection services, IConfiguration configuration, IdentityBuilder identity, Action<DbContextOptionsBuilder> useProvider)
        where TContext : BackOfficeDbContext
    {
        services.AddDbContext<TContext>(useProvider);
        services.AddScoped<BackOfficeDbContext>(provider => provider.GetRequiredService<TContext>());
        services.AddCustomerCore(o =>
                {
                    o.DefaultRegion = configuration["CustomerCore:Region"] ?? "US";
                    // One point per whole currency unit spent, so a profile shows what a sale earned.
                    o.Loyalty = new LoyaltyProgram { Enabled = true, Rate = 1m };
                })
                .AddEntityFrameworkStores<TContext>();
        return identity.AddEntityFrameworkStores<TContext>();
    }
}
