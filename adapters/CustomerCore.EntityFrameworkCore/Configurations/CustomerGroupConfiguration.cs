using CustomerCore.Groups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class CustomerGroupConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<CustomerGroup>
{
    public const string TableName = "CustomerGroups";
    private const int AuditMaxLength = 200;
    private const int EnumMaxLength = 16;

    public void Configure(EntityTypeBuilder<CustomerGroup> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);
        // The merchant leads the key, as on every CustomerCore table (see CustomerConfiguration).
        builder.HasKey(g => new { g.MerchantId, g.Id });
        builder.Property(g => g.Id).ValueGeneratedNever();

        // Part of the key, so in every update's WHERE clause: an update naming another merchant's group id finds no row.
        builder.Property(g => g.MerchantId)
            .HasConversion<MerchantIdConverter>()
            .HasMaxLength(MerchantId.MaxLength)
            .IsRequired();
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.Property(g => g.Name).HasMaxLength(CustomerGroupService.NameMaxLength).IsRequired();
        builder.Property(g => g.NormalizedName).HasMaxLength(CustomerGroupService.NameMaxLength).IsRequired();
        builder.Property(g => g.CreatedBy).HasMaxLength(AuditMaxLength);
        builder.Property(g => g.UpdatedBy).HasMaxLength(AuditMaxLength);

        // Three nullable columns, the same shape as the customer's personal discount.
        builder.ComplexProperty(g => g.Discount, discount =>
        {
            discount.Property(d => d.Kind).HasColumnName("DiscountKind").HasConversion<string>().HasMaxLength(EnumMaxLength);
            discount.Property(d => d.Value).HasColumnName("DiscountValue").HasPrecision(19, 4);
            discount.Property(d => d.Currency).HasColumnName("DiscountCurrency").HasMaxLength(3);
            discount.Ignore(d => d.AmountOff);
        });

        builder.HasIndex(g => new { g.MerchantId, g.NormalizedName }).IsUnique();
    }
}
