using CustomerCore.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class CustomerNameTokenConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<CustomerNameToken>
{
    public const string TableName = "CustomerNameTokens";

    // Names are at most 100 characters and folding can only lengthen a word a little (ß becomes ss).
    public const int TokenMaxLength = 2 * CustomerFieldLimits.NameMaxLength;

    public void Configure(EntityTypeBuilder<CustomerNameToken> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);
        // The merchant leads the key, as on every CustomerCore table (see CustomerConfiguration).
        builder.HasKey(t => new { t.MerchantId, t.CustomerId, t.Token });
        builder.Property(t => t.MerchantId)
            .HasConversion<MerchantIdConverter>()
            .HasMaxLength(MerchantId.MaxLength)
            .IsRequired();
        builder.Property(t => t.Token).HasMaxLength(TokenMaxLength).UseCollationWhenSet(options.KeyCollation);

        // Deleting a customer deletes its words in the same statement, whoever deletes it. The customer's key is
        // (merchant, id), so the foreign key names the merchant too.
        builder.HasOne<Customer>().WithMany().HasForeignKey(t => new { t.MerchantId, t.CustomerId }).OnDelete(DeleteBehavior.Cascade);

        // A row is its key: on SQLite the key's B-tree holds the rows (one B-tree less to write per name row).
        builder.IsWithoutRowIdOnSqlite();

        // The customer id completes the index so a name search never visits the token table's rows.
        builder.HasIndex(t => new { t.MerchantId, t.Token, t.CustomerId });
    }
}
