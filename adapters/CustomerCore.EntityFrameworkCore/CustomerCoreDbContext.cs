using CustomerCore.Auditing;
using CustomerCore.ChangeFeed;
using CustomerCore.Customers;
using CustomerCore.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore;

/// <summary>
/// A ready <see cref="DbContext"/> holding only CustomerCore's tables, for applications that have no DbContext of
/// their own. Hosts with a DbContext call <c>modelBuilder.AddCustomerCore()</c> in it instead.
/// </summary>
public class CustomerCoreDbContext : DbContext
{
    /// <summary>Creates the context with the options the host registered (provider and connection).</summary>
    public CustomerCoreDbContext(DbContextOptions<CustomerCoreDbContext> options)
        : base(options)
    {
    }

    /// <summary>For subclasses, which pass options typed for themselves.</summary>
    protected CustomerCoreDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The customers of every merchant.</summary>
    public DbSet<Customer> Customers => Set<Customer>();

    /// <summary>The append-only consent history.</summary>
    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();

    /// <summary>The change feed of every merchant, keyed by merchant and sequence number.</summary>
    public DbSet<ChangeFeedEntry> ChangeFeed => Set<ChangeFeedEntry>();

    /// <summary>The append-only audit trail.</summary>
    public DbSet<AuditEntry> AuditTrail => Set<AuditEntry>();

    /// <summary>Adds CustomerCore's model; a subclass may override <see cref="ConfigureCustomerCore"/> to change
    /// table placement and should call the base when it overrides this method.</summary>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.AddCustomerCore(ConfigureCustomerCore);
    }

    /// <summary>Sets the schema, table prefix or key collation. EF Core builds the model once per context type, so
    /// the values must not change between instances.</summary>
    protected virtual void ConfigureCustomerCore(CustomerCoreModelOptions options)
    {
    }
}
