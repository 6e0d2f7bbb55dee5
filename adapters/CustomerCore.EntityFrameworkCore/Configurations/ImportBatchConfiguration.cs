using CustomerCore.Importing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class ImportBatchConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<ImportBatch>
{
    public const string TableName = "ImportBatches";
    private const int AuditMaxLength = 200;
    private const int EnumMaxLength = 16;

    public void Configure(EntityTypeBuilder<ImportBatch> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);
        // The merchant leads the key, as on every CustomerCore table (see CustomerConfiguration).
        builder.HasKey(b => new { b.MerchantId, b.Id });
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.MerchantId)
            .HasConversion<MerchantIdConverter>()
            .HasMaxLength(MerchantId.MaxLength)
            .IsRequired();
        builder.Property(b => b.AppliedBy).HasMaxLength(AuditMaxLength).IsRequired();
        builder.Property(b => b.UndoneBy).HasMaxLength(AuditMaxLength);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(EnumMaxLength);
    }
}
