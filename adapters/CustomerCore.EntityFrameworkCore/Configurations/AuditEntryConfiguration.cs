using CustomerCore.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class AuditEntryConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<AuditEntry>
{
    public const string TableName = "AuditEntries";
    private const int ActorMaxLength = 200;

    // The longest ChangeKind name is 23 characters.
    private const int OperationMaxLength = 32;

    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        // No foreign keys on purpose: the trail outlives the customers and groups it is about.
        builder.ToTable(options.TableName(TableName), options.Schema);
        // The merchant leads the key, as on every CustomerCore table (see CustomerConfiguration).
        builder.HasKey(a => new { a.MerchantId, a.Id });
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.MerchantId)
            .HasConversion<MerchantIdConverter>()
            .HasMaxLength(MerchantId.MaxLength)
            .IsRequired();
        builder.Property(a => a.Operation).HasConversion<string>().HasMaxLength(OperationMaxLength);
        builder.Property(a => a.Actor).HasMaxLength(ActorMaxLength).IsRequired();

        // Field names as a JSON array of strings, the same text on every provider.
        builder.Property(a => a.Fields)
            .HasConversion(JsonTextConversion.Converter<IReadOnlyList<string>>(), JsonTextConversion.Comparer<IReadOnlyList<string>>())
            .IsRequired();

        builder.HasIndex(a => new { a.MerchantId, a.EntityId, a.Sequence });
    }
}
