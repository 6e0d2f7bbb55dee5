using CustomerCore.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class TicketLinkConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<TicketLink>
{
    public const string TableName = "TicketLinks";

    /// <summary>
    /// Shadow column holding <see cref="TicketLink.SortTime"/> as UTC ticks: SQLite cannot order or aggregate
    /// DateTimeOffset values, and an integer sorts the same everywhere.
    /// </summary>
    public const string SortKey = "SortKey";

    public void Configure(EntityTypeBuilder<TicketLink> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);
        // The merchant leads the key, as on every CustomerCore table (see CustomerConfiguration); being in the key, it is
        // in every update's WHERE clause, so no write can reach another merchant's row even if a caller passed a foreign id.
        builder.HasKey(t => new { t.MerchantId, t.Id });
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.MerchantId).HasConversion<MerchantIdConverter>().HasMaxLength(MerchantId.MaxLength).IsRequired();
        builder.Property(t => t.TicketReference).HasMaxLength(TicketLinkService.ReferenceMaxLength).IsRequired().UseCollationWhenSet(options.KeyCollation);
        builder.Property(t => t.LocationId).HasMaxLength(TicketLinkService.ReferenceMaxLength);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(t => t.Currency).HasMaxLength(3).IsRequired();
        builder.Property(t => t.Total).HasPrecision(19, 4);
        builder.Property(t => t.RefundedAmount).HasPrecision(19, 4);
        builder.Property(t => t.PointsAwarded).HasPrecision(19, 4);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.Property<long>(SortKey);
        builder.Ignore(t => t.NetSpent);
        builder.Ignore(t => t.IsVisit);
        builder.Ignore(t => t.SortTime);
        // Lines live in their own table (TicketLineRow), written and read by the ticket store.
        builder.Ignore(t => t.Lines);

        builder.HasIndex(t => new { t.MerchantId, t.TicketReference }).IsUnique();
        builder.HasIndex(nameof(TicketLink.MerchantId), nameof(TicketLink.CustomerId), SortKey, nameof(TicketLink.Id));
    }
}
