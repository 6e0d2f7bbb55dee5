using CustomerCore.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class TicketLineRowConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<TicketLineRow>
{
    public const string TableName = "TicketLines";

    public void Configure(EntityTypeBuilder<TicketLineRow> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);
        // The merchant leads the key, as on every CustomerCore table (see CustomerConfiguration).
        builder.HasKey(l => new { l.MerchantId, l.TicketId, l.LineNumber });
        builder.Property(l => l.MerchantId).HasConversion<MerchantIdConverter>().HasMaxLength(MerchantId.MaxLength).IsRequired();
        builder.Property(l => l.LineNumber).ValueGeneratedNever();
        builder.Property(l => l.Sku).HasMaxLength(TicketLinkService.SkuMaxLength).IsRequired().UseCollationWhenSet(options.KeyCollation);
        builder.Property(l => l.Description).HasMaxLength(TicketLinkService.LineDescriptionMaxLength).IsRequired();
        builder.Property(l => l.Category).HasMaxLength(TicketLinkService.CategoryMaxLength);
        builder.Property(l => l.Quantity).HasPrecision(19, 4);
        builder.Property(l => l.ReturnedQuantity).HasPrecision(19, 4);
        builder.Property(l => l.UnitPrice).HasPrecision(19, 4);
        builder.Property(l => l.LineTotal).HasPrecision(19, 4);
        builder.Property(l => l.Currency).HasMaxLength(3).IsRequired();

        // Lines go with their ticket, whoever deletes it.
        builder.HasOne<TicketLink>().WithMany().HasForeignKey(l => new { l.MerchantId, l.TicketId }).OnDelete(DeleteBehavior.Cascade);

        // A customer's latest purchase of an item, and a customer's purchases since a date, are each one index range.
        builder.HasIndex(l => new { l.MerchantId, l.KeptByCustomerId, l.Sku, l.Currency, l.SoldAt });
        builder.HasIndex(l => new { l.MerchantId, l.KeptByCustomerId, l.SoldAt });
    }
}
