using CustomerCore.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.Sample.Web.Data;

/// <summary>
/// The back office's one database: ASP.NET Core Identity's staff tables and CustomerCore's tables side by side, as a
/// vendor's own DbContext would hold them. Migrations differ per provider, so each provider has a small subclass
/// with its own migrations folder (see docs/samples.md).
/// </summary>
public abstract class BackOfficeDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options)
{
    /// <summary>Put in front of CustomerCore's table names, so they never collide with the host's own tables.</summary>
    public const string CustomerCoreTablePrefix = "cc_";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.AddCustomerCore(ConfigureCustomerCore);
    }

    /// <summary>Where CustomerCore's tables go; a provider adjusts what it needs.</summary>
    protected virtual void ConfigureCustomerCore(CustomerCoreModelOptions options) => options.TablePrefix = CustomerCoreTablePrefix;
}

/// <summary>The back office on a SQLite file (the default).</summary>
public sealed class SqliteBackOfficeDbContext(DbContextOptions<SqliteBackOfficeDbContext> options) : BackOfficeDbContext(options);

/// <summary>The back office on PostgreSQL.</summary>
public sealed class PostgreSqlBackOfficeDbContext(DbContextOptions<PostgreSqlBackOfficeDbContext> options) : BackOfficeDbContext(options)
{
    /// <inheritdoc />
    protected override void ConfigureCustomerCore(CustomerCoreModelOptions options)
    {
        base.ConfigureCustomerCore(options);
        // Prefix search compares ranges, which needs code-point order whatever the database's default collation is.
        options.KeyCollation = "C";
    }
}
