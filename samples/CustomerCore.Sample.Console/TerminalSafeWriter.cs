using System.Globalization;
using System.Text;

namespace CustomerCore.Sample.Console;

/// <summary>
/// Wraps stdout and stderr so no value, however it got into the database, can drive the terminal: C0 and C1 control
/// characters (ESC sequences, BEL, backspace, NUL, a lone carriage return), bidirectional overrides and isolates and
/// lone surrogates are written as <c>&lt;U+001B&gt;</c>. Line feeds and tabs pass, because the CLI's own output (indented
/// JSON, lists) is made of them; a carriage return passes only as part of a CR LF line break.
/// </summary>
internal sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    /// <summary>The text with every character a terminal would act on replaced by its visible code.</summary>
    public static string Escape(ReadOnlySpan<char> text)
    {
        var firstUnsafe = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text, i))
            {
                firstUnsafe = i;
                break;
            }
        }

        if (firstUnsafe < 0)
        {
            return text.ToString();
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text[..firstUnsafe]);
        for (var i = firstUnsafe; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text[i]).Append(text[++i]);
            }
            else if (IsUnsafe(text, i))
            {
                builder.Append("<U+").Append(((int)text[i]).ToString("X4", CultureInfo.InvariantCulture)).Append('>');
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }

    public override void Write(char value) => inner.Write(Escape([value]));

    public override void Write(string? value)
    {
        if (value is not null)
        {
            inner.Write(Escape(value));
        }
    }

    public override void Write(char[] buffer, int index, int count) => inner.Write(Escape(buffer.AsSpan(index, count)));

    public override void Write(ReadOnlySpan<char> buffer) => inner.Write(Escape(buffer));

    public override void WriteLine(string? value)
    {
        Write(value);
        inner.WriteLine();
    }

    public override void WriteLine() => inner.WriteLine();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    private static bool IsUnsafe(ReadOnlySpan<char> text, int index)
    {
        var c = text[index];
        if (c is >= ' ' and < '\u007F' or '\n' or '\t')
        {
            return false;
        }

        if (c == '\r')
        {
            return index + 1 >= text.Length || text[index + 1] != '\n';
        }

        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return index == 0 || !char.IsHighSurrogate(text[index - 1]);
        }

        return char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
    }
}
