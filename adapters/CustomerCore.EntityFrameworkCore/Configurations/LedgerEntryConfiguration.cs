using CustomerCore.Credit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class LedgerEntryConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<LedgerEntry>
{
    public const string TableName = "LedgerEntries";
    private const int RequestHashMaxLength = 128;
    private const int AuditMaxLength = 200;
    private const int EnumMaxLength = 16;

    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);
        // The merchant leads the key, as on every CustomerCore table (see CustomerConfiguration).
        builder.HasKey(e => new { e.MerchantId, e.Id });
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.MerchantId)
            .HasConversion<MerchantIdConverter>()
            .HasMaxLength(MerchantId.MaxLength)
            .IsRequired();
        builder.Property(e => e.Type).HasConversion<string>().HasMaxLength(EnumMaxLength);
        builder.Property(e => e.Amount).HasPrecision(19, 4);
        builder.Property(e => e.HeldChange).HasPrecision(19, 4);
        builder.Property(e => e.BalanceAfter).HasPrecision(19, 4);
        builder.Property(e => e.HeldAfter).HasPrecision(19, 4);
        builder.Property(e => e.Unit).HasMaxLength(LedgerAccountConfiguration.UnitMaxLength).IsRequired();
        builder.Property(e => e.IdempotencyKey).HasMaxLength(LedgerPostingDetails.IdempotencyKeyMaxLength).IsRequired();
        builder.Property(e => e.RequestHash).HasMaxLength(RequestHashMaxLength).IsRequired();
        builder.Property(e => e.Reference).HasMaxLength(LedgerPostingDetails.ReferenceMaxLength);
        builder.Property(e => e.Note).HasMaxLength(LedgerPostingDetails.NoteMaxLength);
        builder.Property(e => e.OverrideReason).HasMaxLength(LedgerPostingDetails.NoteMaxLength);
        builder.Property(e => e.PostedBy).HasMaxLength(AuditMaxLength).IsRequired();

        // Entries are only ever inserted, and accounts are never deleted, so the key only guards against orphans. The
        // account's key is (merchant, id), so the foreign key names the merchant too.
        builder.HasOne<LedgerAccount>().WithMany().HasForeignKey(e => new { e.MerchantId, e.AccountId }).OnDelete(DeleteBehavior.Restrict);

        // The idempotency guarantee lives in the database, so two tills racing with the same key cannot both post.
        builder.HasIndex(e => new { e.MerchantId, e.IdempotencyKey }).IsUnique();

        // One entry per account version: the database itself refuses a second entry for a sequence already taken. The
        // merchant leads it as it leads the key; the index also serves the foreign key and a statement's page of entries.
        builder.HasIndex(e => new { e.MerchantId, e.AccountId, e.Sequence }).IsUnique();
        builder.HasIndex(e => e.HoldId);
    }
}
