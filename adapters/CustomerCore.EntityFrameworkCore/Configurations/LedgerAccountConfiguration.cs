using CustomerCore.Credit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class LedgerAccountConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<LedgerAccount>
{
    public const string TableName = "LedgerAccounts";
    public const int UnitMaxLength = 8;
    private const int AuditMaxLength = 200;
    private const int EnumMaxLength = 16;

    public void Configure(EntityTypeBuilder<LedgerAccount> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);
        // The merchant leads the key, as on every CustomerCore table (see CustomerConfiguration).
        builder.HasKey(a => new { a.MerchantId, a.Id });
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.MerchantId)
            .HasConversion<MerchantIdConverter>()
            .HasMaxLength(MerchantId.MaxLength)
            .IsRequired();

        // Every change to the row (a posting or a settings change) names the version it read.
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(EnumMaxLength);
        builder.Property(a => a.Unit).HasMaxLength(UnitMaxLength).IsRequired();
        builder.Property(a => a.Name).HasMaxLength(CreditService.CreditLineNameMaxLength).IsRequired();
        builder.Property(a => a.NormalizedName).HasMaxLength(CreditService.CreditLineNameMaxLength).IsRequired();
        builder.Property(a => a.Limit).HasPrecision(19, 4);
        builder.Property(a => a.Balance).HasPrecision(19, 4);
        builder.Property(a => a.Held).HasPrecision(19, 4);
        builder.Property(a => a.CreatedBy).HasMaxLength(AuditMaxLength);
        builder.Property(a => a.UpdatedBy).HasMaxLength(AuditMaxLength);
        builder.Ignore(a => a.Spendable);

        builder.HasIndex(a => new { a.MerchantId, a.CustomerId, a.Kind, a.NormalizedName }).IsUnique();
    }
}
