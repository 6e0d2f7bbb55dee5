using CustomerCore.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class CustomerItemTotalConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<CustomerItemTotal>
{
    public const string TableName = "CustomerItemTotals";

    public void Configure(EntityTypeBuilder<CustomerItemTotal> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);
        // The merchant and customer lead the key, so one customer's totals are one range of the primary key.
        builder.HasKey(t => new { t.MerchantId, t.CustomerId, t.Sku, t.Currency });
        builder.Property(t => t.MerchantId).HasConversion<MerchantIdConverter>().HasMaxLength(MerchantId.MaxLength).IsRequired();
        builder.Property(t => t.Sku).HasMaxLength(TicketLinkService.SkuMaxLength).UseCollationWhenSet(options.KeyCollation);
        builder.Property(t => t.Currency).HasMaxLength(3);
        builder.Property(t => t.Description).HasMaxLength(TicketLinkService.LineDescriptionMaxLength).IsRequired();
        builder.Property(t => t.Category).HasMaxLength(TicketLinkService.CategoryMaxLength);
        builder.Property(t => t.Quantity).HasPrecision(19, 4);
        builder.Property(t => t.Spent).HasPrecision(19, 4);
        // UTC ticks: exact on every provider, so the totals and the lines agree to the tick.
        builder.Property(t => t.LastBought).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Property(t => t.Version).IsConcurrencyToken();

        // No foreign key to the customer, like the ticket links: totals follow the tickets, which a merge and its undo move
        // in whatever order around deleting and restoring the removed customer, and an erased customer keeps them.
    }
}
