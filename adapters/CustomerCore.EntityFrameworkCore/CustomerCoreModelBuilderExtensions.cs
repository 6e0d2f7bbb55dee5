using CustomerCore.EntityFrameworkCore;
using CustomerCore.EntityFrameworkCore.Configurations;

// In EF Core's namespace, like its own ModelBuilder extensions, so OnModelCreating finds it without a using.
namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds CustomerCore's tables to any <see cref="DbContext"/> model.</summary>
public static class CustomerCoreModelBuilderExtensions
{
    /// <summary>
    /// Adds CustomerCore's entities (customers, their name tokens, the consent history, ticket links with their lines,
    /// the per-customer item totals, merge records,
    /// groups, ledger accounts and entries, import batches, the change feed and its per-merchant counters, the audit
    /// trail) with their keys, indexes,
    /// concurrency tokens and conversions. Call it from the host's <c>OnModelCreating</c>; the host's own entities
    /// are untouched.
    /// </summary>
    /// <param name="modelBuilder">The model being built.</param>
    /// <param name="configure">Sets the schema, the table prefix or the key collation.</param>
    /// <returns>The same model builder, for chaining.</returns>
    public static ModelBuilder AddCustomerCore(this ModelBuilder modelBuilder, Action<CustomerCoreModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var options = new CustomerCoreModelOptions();
        configure?.Invoke(options);

        modelBuilder.ApplyConfiguration(new CustomerConfiguration(options));
        modelBuilder.ApplyConfiguration(new CustomerNameTokenConfiguration(options));
        modelBuilder.ApplyConfiguration(new ConsentRecordConfiguration(options));
        modelBuilder.ApplyConfiguration(new TicketLinkConfiguration(options));
        modelBuilder.ApplyConfiguration(new TicketLineRowConfiguration(options));
        modelBuilder.ApplyConfiguration(new CustomerItemTotalConfiguration(options));
        modelBuilder.ApplyConfiguration(new CustomerMergeRowConfiguration(options));
        modelBuilder.ApplyConfiguration(new CustomerGroupConfiguration(options));
        modelBuilder.ApplyConfiguration(new LedgerAccountConfiguration(options));
        modelBuilder.ApplyConfiguration(new LedgerEntryConfiguration(options));
        modelBuilder.ApplyConfiguration(new ImportBatchConfiguration(options));
        modelBuilder.ApplyConfiguration(new ImportBatchEntryConfiguration(options));
        modelBuilder.ApplyConfiguration(new ChangeFeedEntryConfiguration(options));
        modelBuilder.ApplyConfiguration(new ChangeFeedCounterConfiguration(options));
        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration(options));
        return modelBuilder;
    }
}
