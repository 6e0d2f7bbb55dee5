using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CustomerCore.EntityFrameworkCore.Configurations;

/// <summary>
/// Stores a value as JSON text, the same on every provider (no provider-specific json or array column type), for
/// values only ever written and read back whole: change-feed snapshots and the field names of an audit entry.
/// </summary>
internal static class JsonTextConversion
{
    /// <summary>
    /// Enums by name, so the text stays readable and survives renumbering; decimals as System.Text.Json writes them,
    /// which keeps every digit and the scale (12.50 stays 12.50). Computed properties (<c>Discount.AmountOff</c>) are
    /// left out; <see cref="Money"/>, whose amount and currency are themselves get-only, has its own converter.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter(), new MoneyJsonConverter() },
    };

    /// <remarks>EF Core never hands a null to a converter (a null stays NULL), so <typeparamref name="T"/> may be a
    /// nullable reference type.</remarks>
    public static ValueConverter<T, string> Converter<T>()
        where T : class? =>
        new(value => Serialize(value)!, text => Deserialize<T>(text));

    /// <summary>
    /// A list as JSON text, where empty text also reads as an empty list: a column added to existing rows by a generated
    /// migration gets the provider's default for a required text column, the empty string, rather than <c>[]</c>.
    /// </summary>
    public static ValueConverter<List<TItem>, string> ListConverter<TItem>() =>
        new(value => Serialize(value)!, text => string.IsNullOrWhiteSpace(text) ? new List<TItem>() : Deserialize<List<TItem>>(text));

    /// <summary>Compares by JSON text: the snapshots are records holding lists, whose own equality compares the lists by reference.</summary>
    public static ValueComparer<T> Comparer<T>()
        where T : class? =>
        new(
            (left, right) => Serialize(left) == Serialize(right),
            value => HashOf(value),
            value => value == null ? value : Deserialize<T>(Serialize(value)!));

    private static string? Serialize<T>(T value)
        where T : class? => value is null ? null : JsonSerializer.Serialize(value, Options);

    private static int HashOf<T>(T value)
        where T : class? => Serialize(value)?.GetHashCode(StringComparison.Ordinal) ?? 0;

    private static T Deserialize<T>(string text)
        where T : class? =>
        JsonSerializer.Deserialize<T>(text, Options) ?? throw new JsonException($"A stored {typeof(T).Name} is JSON null.");

    /// <summary>Writes a <see cref="Money"/> as its amount and currency and reads it back through its constructor.</summary>
    private sealed class MoneyJsonConverter : JsonConverter<Money>
    {
        public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("Money must be a JSON object.");
            }

            decimal? amount = null;
            string? currency = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case nameof(Money.Amount):
                        amount = reader.GetDecimal();
                        break;
                    case nameof(Money.Currency):
                        currency = reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (amount is null || currency is null)
            {
                throw new JsonException("Money needs an amount and a currency.");
            }

            // default(Money) is written with an empty currency, which the constructor would refuse.
            return currency.Length == 0 ? default : new Money(amount.Value, currency);
        }

        public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteNumber(nameof(Money.Amount), value.Amount);
            writer.WriteString(nameof(Money.Currency), value.Currency);
            writer.WriteEndObject();
        }
    }
}
