using System.Globalization;
using System.Text;

namespace CustomerCore.Customers;

/// <summary>The lookup keys every store indexes. One place, so services and importers normalize the same way.</summary>
public static class TextNormalizer
{
    /// <summary>Trims; returns null for blank input.</summary>
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    /// <summary>Email lookup key: trimmed and lower-cased.</summary>
    public static string? Email(string? email) => Clean(email)?.ToLowerInvariant();

    /// <summary>Postal code lookup key: upper-cased with all whitespace removed.</summary>
    public static string? PostalCode(string? postalCode)
    {
        var clean = Clean(postalCode);
        if (clean is null)
        {
            return null;
        }

        var builder = new StringBuilder(clean.Length);
        foreach (var c in clean)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>Customer code lookup key: trimmed and upper-cased.</summary>
    public static string? CustomerCode(string? code) => Clean(code)?.ToUpperInvariant();

    /// <summary>
    /// Splits names into lower-case, accent-free words (<c>"José  O'Brien-Smith"</c> gives
    /// <c>jose</c>, <c>o</c>, <c>brien</c>, <c>smith</c>), distinct and in first-seen order.
    /// </summary>
    public static List<string> NameTokens(params string?[] names)
    {
        var tokens = new List<string>();
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            var folded = FoldAccents(name);
            var start = -1;
            for (var i = 0; i <= folded.Length; i++)
            {
                var isWordChar = i < folded.Length && char.IsLetterOrDigit(folded[i]);
                if (isWordChar && start < 0)
                {
                    start = i;
                }
                else if (!isWordChar && start >= 0)
                {
                    var token = folded[start..i];
                    if (!tokens.Contains(token))
                    {
                        tokens.Add(token);
                    }

                    start = -1;
                }
            }
        }

        return tokens;
    }

    /// <summary>Lower-cases and removes diacritics (é → e, ß → ss, ø → o).</summary>
    public static string FoldAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            switch (c)
            {
                case 'ß': builder.Append("ss"); break;
                case 'ø' or 'Ø': builder.Append('o'); break;
                case 'æ' or 'Æ': builder.Append("ae"); break;
                case 'œ' or 'Œ': builder.Append("oe"); break;
                case 'ł' or 'Ł': builder.Append('l'); break;
                case 'đ' or 'Đ': builder.Append('d'); break;
                default: builder.Append(char.ToLowerInvariant(c)); break;
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
