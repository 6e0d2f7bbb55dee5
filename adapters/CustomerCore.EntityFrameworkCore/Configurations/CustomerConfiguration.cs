using CustomerCore.Customers;
using CustomerCore.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class CustomerConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<Customer>
{
    public const string TableName = "Customers";
    private const int E164MaxLength = 16;
    private const int DigitsMaxLength = CustomerFieldLimits.PhoneMaxLength;
    private const int AuditMaxLength = 200;
    private const int WordingVersionMaxLength = 64;
    private const int EnumMaxLength = 16;

    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);
        // The merchant leads the key, as on every CustomerCore table: a database distributed by merchant (Citus) needs
        // the distribution column in every primary key and unique index, and merchant-scoped reads seek along it.
        builder.HasKey(c => new { c.MerchantId, c.Id });
        builder.Property(c => c.Id).ValueGeneratedNever();

        // Being part of the key puts the merchant in every update's and delete's WHERE clause: a write naming another
        // merchant's customer id finds no row, so no store write can cross merchants even when a caller guesses an id.
        builder.Property(c => c.MerchantId)
            .HasConversion<MerchantIdConverter>()
            .HasMaxLength(MerchantId.MaxLength)
            .IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();

        builder.Property(c => c.FirstName).HasMaxLength(CustomerFieldLimits.NameMaxLength);
        builder.Property(c => c.LastName).HasMaxLength(CustomerFieldLimits.NameMaxLength);
        builder.Property(c => c.DisplayName).HasMaxLength(CustomerFieldLimits.NameMaxLength);
        builder.Property(c => c.CompanyName).HasMaxLength(CustomerFieldLimits.CompanyMaxLength);
        builder.Property(c => c.Email).HasMaxLength(CustomerFieldLimits.EmailMaxLength);
        builder.Property(c => c.NormalizedEmail).HasMaxLength(CustomerFieldLimits.EmailMaxLength);
        builder.Property(c => c.Phone).HasMaxLength(CustomerFieldLimits.PhoneMaxLength);
        builder.Property(c => c.PhoneE164).HasMaxLength(E164MaxLength);
        builder.Property(c => c.PhoneDigitsReversed).HasMaxLength(DigitsMaxLength).UseCollationWhenSet(options.KeyCollation);
        builder.Property(c => c.SecondaryPhone).HasMaxLength(CustomerFieldLimits.PhoneMaxLength);
        builder.Property(c => c.SecondaryPhoneE164).HasMaxLength(E164MaxLength);
        builder.Property(c => c.AddressLine1).HasMaxLength(CustomerFieldLimits.AddressMaxLength);
        builder.Property(c => c.AddressLine2).HasMaxLength(CustomerFieldLimits.AddressMaxLength);
        builder.Property(c => c.HouseNumber).HasMaxLength(CustomerFieldLimits.HouseNumberMaxLength);
        builder.Property(c => c.City).HasMaxLength(CustomerFieldLimits.AddressMaxLength);
        builder.Property(c => c.Region).HasMaxLength(CustomerFieldLimits.AddressMaxLength);
        builder.Property(c => c.PostalCode).HasMaxLength(CustomerFieldLimits.PostalCodeMaxLength);
        builder.Property(c => c.NormalizedPostalCode).HasMaxLength(CustomerFieldLimits.PostalCodeMaxLength);
        builder.Property(c => c.Country).HasMaxLength(CustomerFieldLimits.CountryMaxLength);
        builder.Property(c => c.CustomerCode).HasMaxLength(CustomerFieldLimits.CustomerCodeMaxLength);
        builder.Property(c => c.NormalizedCustomerCode).HasMaxLength(CustomerFieldLimits.CustomerCodeMaxLength);
        builder.Property(c => c.Note).HasMaxLength(CustomerFieldLimits.NoteMaxLength);
        builder.Property(c => c.CreatedBy).HasMaxLength(AuditMaxLength);
        builder.Property(c => c.UpdatedBy).HasMaxLength(AuditMaxLength);

        // Tags travel with the row (a JSON text column, or an array where the provider has one); the name tokens are
        // kept on the row as well so a load never needs a join, and are indexed through CustomerNameToken rows.
        builder.PrimitiveCollection(c => c.Tags).IsRequired();
        // Preferences are read and written whole with the customer, never queried: JSON text on every provider.
        builder.Property(c => c.Preferences)
            .HasConversion(JsonTextConversion.ListConverter<CustomerPreference>(), JsonTextConversion.Comparer<List<CustomerPreference>>())
            .IsRequired();
        builder.PrimitiveCollection(c => c.NameTokens).IsRequired();

        ConfigureConsent(builder.ComplexProperty(c => c.EmailConsent), "EmailConsent");
        ConfigureConsent(builder.ComplexProperty(c => c.SmsConsent), "SmsConsent");
        builder.ComplexProperty(c => c.PersonalDiscount, discount =>
        {
            discount.Property(d => d.Kind).HasColumnName("PersonalDiscountKind").HasConversion<string>().HasMaxLength(EnumMaxLength);
            discount.Property(d => d.Value).HasColumnName("PersonalDiscountValue").HasPrecision(19, 4);
            discount.Property(d => d.Currency).HasColumnName("PersonalDiscountCurrency").HasMaxLength(3);
            discount.Ignore(d => d.AmountOff);
        });

        builder.Ignore(c => c.Name);
        builder.Ignore(c => c.PhoneNeedsReview);

        // NULLs never collide in a unique index on SQLite and PostgreSQL; SQL Server's provider adds the
        // "IS NOT NULL" filter to unique indexes over nullable columns by itself.
        builder.HasIndex(c => new { c.MerchantId, c.NormalizedEmail }).IsUnique();
        builder.HasIndex(c => new { c.MerchantId, c.NormalizedCustomerCode }).IsUnique();

        // The id ends the exact-match indexes so their rows come out already in list order: a database then never
        // prefers walking the (merchant, id) primary key to skip a sort, which on a big merchant reads every customer.
        builder.HasIndex(c => new { c.MerchantId, c.PhoneE164, c.Id });

        // Most customers have no second phone and belong to no group. Those two indexes hold only the customers that do:
        // every lookup along them compares the column with a value (=, IN, a range), which SQLite and PostgreSQL both
        // accept as proof of "IS NOT NULL", so no lookup loses its index, while an import of customers without them
        // writes and sorts no entry there (docs/performance.md, run U).
        builder.HasIndex(c => new { c.MerchantId, c.SecondaryPhoneE164, c.Id }).HasFilter(NotNull(nameof(Customer.SecondaryPhoneE164)));
        builder.HasIndex(c => new { c.MerchantId, c.NormalizedPostalCode, c.Id });
        builder.HasIndex(c => new { c.MerchantId, c.PhoneDigitsReversed });

        // No separate (merchant, id) index: the primary key is exactly that and serves keyset paging and id look-ups.

        // Group membership is the customer's GroupId: member counts and member lists read this index only.
        builder.HasIndex(c => new { c.MerchantId, c.GroupId, c.Id }).HasFilter(NotNull(nameof(Customer.GroupId)));
    }

    // Quoted as SQLite and PostgreSQL both read it; the columns keep CustomerCore's names (as the migration helpers need).
    private static string NotNull(string column) => $"\"{column}\" IS NOT NULL";

    private static void ConfigureConsent(ComplexPropertyBuilder<ConsentState> consent, string prefix)
    {
        consent.Property(s => s.Status).HasColumnName(prefix + "Status").HasConversion<string>().HasMaxLength(EnumMaxLength);
        consent.Property(s => s.ChangedAt).HasColumnName(prefix + "ChangedAt");
        consent.Property(s => s.Source).HasColumnName(prefix + "Source").HasConversion<string>().HasMaxLength(EnumMaxLength);
        consent.Property(s => s.WordingVersion).HasColumnName(prefix + "WordingVersion").HasMaxLength(WordingVersionMaxLength);
    }
}
