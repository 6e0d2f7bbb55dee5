using CustomerCore.Importing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class ImportBatchEntryConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<ImportBatchEntry>
{
    public const string TableName = "ImportBatchEntries";
    private const int EnumMaxLength = 16;

    public void Configure(EntityTypeBuilder<ImportBatchEntry> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);

        // A customer appears once per batch, and undo pages through a batch by customer id: the key is that index,
        // led by the merchant as on every CustomerCore table (see CustomerConfiguration).
        builder.HasKey(e => new { e.MerchantId, e.BatchId, e.CustomerId });
        builder.Property(e => e.MerchantId)
            .HasConversion<MerchantIdConverter>()
            .HasMaxLength(MerchantId.MaxLength)
            .IsRequired();
        builder.Property(e => e.Change).HasConversion<string>().HasMaxLength(EnumMaxLength);

        // Written and read in key order only: on SQLite the key's B-tree holds the rows, one B-tree instead of two.
        builder.IsWithoutRowIdOnSqlite();

        // Opaque to the store: the importer's own JSON, kept as text and handed back unchanged.
        builder.Property(e => e.BeforeImage);

        // No customer foreign key: an entry must outlive a customer deleted since, so undo can report it.
        // The batch's key is (merchant, id), so the foreign key names the merchant too.
        builder.HasOne<ImportBatch>().WithMany().HasForeignKey(e => new { e.MerchantId, e.BatchId }).OnDelete(DeleteBehavior.Cascade);
    }
}
