using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class CustomerMergeRowConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<CustomerMergeRow>
{
    public const string TableName = "CustomerMerges";

    public void Configure(EntityTypeBuilder<CustomerMergeRow> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);
        // The merchant leads the key, as on every CustomerCore table (see CustomerConfiguration).
        builder.HasKey(m => new { m.MerchantId, m.Id });
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.MerchantId).HasConversion<MerchantIdConverter>().HasMaxLength(MerchantId.MaxLength).IsRequired();
        builder.Property(m => m.KeptBeforeJson).IsRequired();
        builder.Property(m => m.RemovedBeforeJson).IsRequired();
        builder.Property(m => m.MovedTicketsJson).IsRequired();
        builder.Property(m => m.LedgerTransfersJson).IsRequired();
        builder.Property(m => m.MergedBy).HasMaxLength(200);
        builder.Property(m => m.UndoneBy).HasMaxLength(200);
        builder.HasIndex(m => new { m.MerchantId, m.RemovedId });
    }
}
