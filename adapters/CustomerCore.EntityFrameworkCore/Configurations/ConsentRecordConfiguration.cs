using CustomerCore.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class ConsentRecordConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<ConsentRecord>
{
    public const string TableName = "CustomerConsentRecords";
    private const int EnumMaxLength = 16;

    public void Configure(EntityTypeBuilder<ConsentRecord> builder)
    {
        // No foreign key to the customer on purpose: the history is the proof of consent and outlives the customer row.
        builder.ToTable(options.TableName(TableName), options.Schema);
        // The merchant leads the key, as on every CustomerCore table (see CustomerConfiguration).
        builder.HasKey(r => new { r.MerchantId, r.Id });
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.MerchantId)
            .HasConversion<MerchantIdConverter>()
            .HasMaxLength(MerchantId.MaxLength)
            .IsRequired();
        builder.Property(r => r.Channel).HasConversion<string>().HasMaxLength(EnumMaxLength);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(EnumMaxLength);
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(EnumMaxLength);
        builder.Property(r => r.WordingVersion).HasMaxLength(64);
        builder.Property(r => r.RecordedBy).HasMaxLength(200);
        builder.HasIndex(r => new { r.MerchantId, r.CustomerId });
    }
}
