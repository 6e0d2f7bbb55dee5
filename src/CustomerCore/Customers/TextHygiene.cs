namespace CustomerCore.Customers;

/// <summary>Whether a text field may hold several lines.</summary>
internal enum TextLayout
{
    /// <summary>Names, emails, codes, address lines and the like: no tab, line feed, carriage return or line separator.</summary>
    SingleLine,

    /// <summary>Notes: tabs, line feeds, carriage return + line feed pairs and the Unicode line and paragraph separators are allowed.</summary>
    MultiLine,
}

/// <summary>The first character of a text that <see cref="TextHygiene"/> refuses.</summary>
/// <param name="Position">Where it is, counted in characters (Unicode scalar values) from 1.</param>
/// <param name="CodePoint">The refused character's code point (a lone surrogate's UTF-16 value).</param>
/// <param name="Kind">Why it is refused.</param>
internal readonly record struct ControlCharacterFinding(int Position, int CodePoint, ControlCharacterKind Kind);

/// <summary>
/// The one rule for characters that must never be stored in free text, whichever service or import stores it:
/// C0 and C1 controls (NUL, BEL, ESC and the rest) could drive a terminal or break a database driver; bidirectional
/// overrides and isolates make a name or an email read differently from what is stored; a lone surrogate is not text.
/// Line breaks and tabs are allowed only in fields that hold several lines. See docs/security.md, "Text hygiene".
/// </summary>
internal static class TextHygiene
{
    /// <summary>
    /// The first refused character of <paramref name="text"/>, or null when it is clean (or null). Leading and trailing
    /// white space is not checked, because every field is trimmed before it is stored: a pasted trailing tab or line
    /// break never reaches storage.
    /// </summary>
    public static ControlCharacterFinding? Find(string? text, TextLayout layout)
    {
        if (text is null)
        {
            return null;
        }

        var span = text.AsSpan();
        var first = span.Length - span.TrimStart().Length;
        var end = span.TrimEnd().Length;
        var position = 0;
        for (var i = 0; i < end; i++)
        {
            position++;
            var c = text[i];
            if (c is >= ' ' and < '\u007F')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (i >= first && Classify(text, i, layout) is { } kind)
            {
                return new ControlCharacterFinding(position, c, kind);
            }
        }

        return null;
    }

    /// <summary>The error for the first refused character of <paramref name="text"/> in <paramref name="field"/>, or null when it is clean.</summary>
    public static CustomerError? Check(string? text, string field, TextLayout layout, CustomerErrorDescriber describer) =>
        Find(text, layout) is { } finding ? describer.ControlCharacter(field, finding.Position, finding.CodePoint, finding.Kind) : null;

    /// <summary>Whether a code point is a bidirectional embedding, override or isolate.</summary>
    public static bool IsTextDirectionControl(int codePoint) => codePoint is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    /// <summary>Whether a code point is a C0 or C1 control character (Unicode category Cc).</summary>
    public static bool IsControl(int codePoint) => codePoint is < 0x20 or (>= 0x7F and <= 0x9F);

    private static ControlCharacterKind? Classify(string text, int index, TextLayout layout)
    {
        var c = text[index];
        if (char.IsSurrogate(c))
        {
            return ControlCharacterKind.UnpairedSurrogate;
        }

        if (IsTextDirectionControl(c))
        {
            return ControlCharacterKind.TextDirection;
        }

        // The Unicode line and paragraph separators are line breaks to every text box that knows them.
        if (c is '\u2028' or '\u2029')
        {
            return layout == TextLayout.SingleLine ? ControlCharacterKind.LineBreakOrTab : null;
        }

        if (!IsControl(c))
        {
            return null;
        }

        var isLayout = c is '\t' or '\n' or '\r';
        if (layout == TextLayout.SingleLine)
        {
            return isLayout ? ControlCharacterKind.LineBreakOrTab : ControlCharacterKind.Control;
        }

        // A carriage return on its own moves a terminal's cursor back over the line, so text could hide what came before.
        var isLineBreak = c is '\t' or '\n' || (c == '\r' && index + 1 < text.Length && text[index + 1] == '\n');
        return isLineBreak ? null : ControlCharacterKind.Control;
    }
}
