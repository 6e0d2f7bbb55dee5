using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal sealed class ChangeFeedCounterConfiguration(CustomerCoreModelOptions options) : IEntityTypeConfiguration<ChangeFeedCounter>
{
    public const string TableName = "ChangeFeedCounters";

    public void Configure(EntityTypeBuilder<ChangeFeedCounter> builder)
    {
        builder.ToTable(options.TableName(TableName), options.Schema);

        // The upsert that hands out numbers names this key in its ON CONFLICT clause.
        builder.HasKey(c => c.MerchantId);
        builder.Property(c => c.MerchantId)
            .HasConversion<MerchantIdConverter>()
            .HasMaxLength(MerchantId.MaxLength)
            .ValueGeneratedNever();
        builder.Property(c => c.LastSequence);
    }
}
