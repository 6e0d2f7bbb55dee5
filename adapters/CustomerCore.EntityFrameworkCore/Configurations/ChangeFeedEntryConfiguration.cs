using CustomerCore.ChangeFeed;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class ChangeFeedEntryConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<ChangeFeedEntry>
{
    public const string TableName = "ChangeFeedEntries";

    // The longest ChangeKind name is 23 characters.
    private const int KindMaxLength = 32;

    public void Configure(EntityTypeBuilder<ChangeFeedEntry> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);

        // A till reads its merchant's feed by sequence range: the key is that index.
        builder.HasKey(e => new { e.MerchantId, e.Sequence });
        builder.Property(e => e.MerchantId)
            .HasConversion<MerchantIdConverter>()
            .HasMaxLength(MerchantId.MaxLength)
            .IsRequired();
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(KindMaxLength);

        // Snapshots are JSON text, written once and read back whole; erasure sets the customer one to NULL.
        builder.Property(e => e.Customer)
            .HasColumnName("CustomerSnapshot")
            .HasConversion(JsonTextConversion.Converter<TillCustomerSnapshot?>(), JsonTextConversion.Comparer<TillCustomerSnapshot?>());
        builder.Property(e => e.Group)
            .HasColumnName("GroupSnapshot")
            .HasConversion(JsonTextConversion.Converter<TillGroupSnapshot?>(), JsonTextConversion.Comparer<TillGroupSnapshot?>());
        builder.Ignore(e => e.IsCustomerChange);

        // Erasure finds every entry about one customer.
        builder.HasIndex(e => new { e.MerchantId, e.EntityId });
    }
}
