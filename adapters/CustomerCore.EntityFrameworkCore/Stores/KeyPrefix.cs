using System.Text;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Turns "starts with" into a key range, <c>prefix &lt;= key &lt; UpperBound(prefix)</c>, which every database answers
/// from an ordinary index. A LIKE pattern would need provider-specific escaping and, on some providers and
/// collations, a full scan.
/// </summary>
internal static class KeyPrefix
{
    /// <summary>
    /// The smallest string greater than every string that starts with <paramref name="prefix"/> in code point order
    /// (the order of UTF-8 bytes, which SQLite and PostgreSQL's "C" collation use): the prefix with its last code
    /// point raised by one. Null when no such string exists (the prefix is only U+10FFFF characters).
    /// </summary>
    public static string? UpperBound(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            var next = last + 1;
            if (next is >= 0xD800 and <= 0xDFFF)
            {
                // Surrogate code points are not characters; the next character is U+E000.
                next = 0xE000;
            }

            if (next <= 0x10FFFF)
            {
                var builder = new StringBuilder(prefix.Length + 1);
                foreach (var rune in runes)
                {
                    builder.Append(rune.ToString());
                }

                return builder.Append(new Rune(next).ToString()).ToString();
            }
        }

        return null;
    }
}
