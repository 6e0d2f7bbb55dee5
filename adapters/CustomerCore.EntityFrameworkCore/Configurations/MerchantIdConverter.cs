using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CustomerCore.EntityFrameworkCore.Configurations;

/// <summary>Stores a <see cref="MerchantId"/> as its string key.</summary>
internal sealed class MerchantIdConverter() : ValueConverter<MerchantId, string>(id => id.Value, value => new MerchantId(value));
