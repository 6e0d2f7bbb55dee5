using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerCore;

/// <summary>
/// Identifies the merchant (tenant) that owns a piece of data. Every service call and every stored row carries one,
/// so no operation can reach another merchant's customers.
/// </summary>
[JsonConverter(typeof(MerchantIdJsonConverter))]
public readonly record struct MerchantId
{
    /// <summary>The longest merchant identifier accepted, so it fits an indexed column everywhere.</summary>
    public const int MaxLength = 64;

    /// <summary>Creates a merchant identifier.</summary>
    /// <param name="value">The vendor's own merchant or tenant key; trimmed, 1 to 64 characters.</param>
    /// <exception cref="ArgumentException">The value is empty or longer than <see cref="MaxLength"/>.</exception>
    public MerchantId(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxLength)
        {
            throw new ArgumentException($"A merchant id must be 1 to {MaxLength} characters.", nameof(value));
        }

        Value = trimmed;
    }

    /// <summary>The merchant key as given by the host.</summary>
    public string Value { get; }

    /// <summary>Whether this is the default (unset) value, which no service accepts.</summary>
    public bool IsEmpty => Value is null;

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    /// <summary>Converts a string to a merchant identifier.</summary>
    public static implicit operator MerchantId(string value) => new(value);

    internal void ThrowIfEmpty()
    {
        if (IsEmpty)
        {
            throw new ArgumentException("A merchant id is required.", "merchantId");
        }
    }
}

/// <summary>Writes a <see cref="MerchantId"/> as a plain JSON string, the way hosts and exports expect to see it.</summary>
internal sealed class MerchantIdJsonConverter : JsonConverter<MerchantId>
{
    public override MerchantId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? default : new MerchantId(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, MerchantId value, JsonSerializerOptions options)
    {
        if (value.IsEmpty)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.Value);
        }
    }
}
