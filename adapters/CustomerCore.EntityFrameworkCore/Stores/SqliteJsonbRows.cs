using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Encodes rows for the set-based insert as one array in SQLite's binary JSON (JSONB, SQLite 3.45 and later), bound as
/// a BLOB that <c>jsonb_each</c> reads as it is. Text JSON cost every chunk three conversions (escaped UTF-8 in .NET, a
/// UTF-16 string for the parameter, UTF-8 again when bound) and SQLite a parse into this same form; JSONB carries each
/// text as raw UTF-8 behind a small header, so neither side escapes or parses. Each value is written as the text or
/// integer Microsoft.Data.Sqlite binds for it, so the row's column reads back what <c>SaveChanges</c> stores. Headers
/// are written at their smallest width; SQLite also accepts wider ones, so a wrong width would not show as an error.
/// </summary>
internal static class SqliteJsonbRows
{
    // Element types of the format (the low four bits of an element's first byte).
    private const byte Null = 0x0;
    private const byte True = 0x1;
    private const byte False = 0x2;
    private const byte Integer = 0x3;
    private const byte RawText = 0xA; // UTF-8 as it is, characters JSON would escape included
    private const byte Array = 0xB;

    private const int LongestHeader = 9;

    // A decimal's longest invariant text (sign, 29 digits, point) and every date or time format here fit.
    private const int LongestFormatted = 64;

    /// <summary>
    /// Columns per group inside a row: a row is an array of groups of this many columns, and column <c>i</c> is read with
    /// the path <c>$[i / GroupSize][i % GroupSize]</c> (<see cref="ColumnPath"/>). SQLite finds an array element by
    /// stepping over the ones before it, so one flat array of a customer's 46 columns cost about a thousand steps per
    /// row; groups of eight cost about a hundred (100,000 customers: 1.1 s to 0.75 s for the statement).
    /// </summary>
    public const int GroupSize = 8;

    /// <summary>The JSON path of column <paramref name="index"/> inside one row's element.</summary>
    public static string ColumnPath(int index) => string.Create(CultureInfo.InvariantCulture, $"$[{index / GroupSize}][{index % GroupSize}]");

    /// <summary>
    /// The fewest rows a part is given when a chunk is encoded in consecutive parts at once, one per core (a chunk of
    /// fewer than twice this many is encoded on the calling thread): reading each value through the EF model and its
    /// converter (snapshots and lists serialized to JSON among them) was half of a bulk insert's .NET time
    /// (docs/performance.md, run V), and each row's element depends on the row alone.
    /// </summary>
    public const int RowsPerPart = 256;

    /// <summary>The rows' provider values as one JSONB array; each row an array of groups of its columns, in order.</summary>
    public static byte[] Encode<T>(IReadOnlyCollection<T> rows, IReadOnlyList<SetBasedRowInserter.Column> columns)
        where T : class =>
        Encode(rows, columns, Math.Min(Environment.ProcessorCount, rows.Count / RowsPerPart));

    /// <summary><see cref="Encode{T}(IReadOnlyCollection{T}, IReadOnlyList{SetBasedRowInserter.Column})"/> in
    /// <paramref name="parts"/> consecutive parts encoded at once (one part, or fewer, on the calling thread alone).
    /// The bytes do not depend on the parts.</summary>
    internal static byte[] Encode<T>(IReadOnlyCollection<T> rows, IReadOnlyList<SetBasedRowInserter.Column> columns, int parts)
        where T : class
    {
        ArrayBufferWriter<byte>[] bodies;
        if (parts <= 1)
        {
            bodies = [EncodeRows(rows, rows.Count, columns)];
        }
        else
        {
            var list = rows as IReadOnlyList<T> ?? [.. rows];
            bodies = new ArrayBufferWriter<byte>[parts];
            try
            {
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts, TaskScheduler = TaskScheduler.Default }, part =>
                {
                    var start = list.Count * part / parts;
                    var end = list.Count * (part + 1) / parts;
                    bodies[part] = EncodeRows(Slice(list, start, end), end - start, columns);
                });
            }
            catch (AggregateException failed)
            {
                // The caller sees what one thread would have thrown (a converter's error), not the parallel loop's wrapper.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.InnerExceptions[0]).Throw();
            }
        }

        var length = bodies.Sum(b => b.WrittenCount);
        var header = new ArrayBufferWriter<byte>(LongestHeader);
        WriteHeader(header, Array, length);
        var encoded = new byte[header.WrittenCount + length];
        header.WrittenSpan.CopyTo(encoded);
        var offset = header.WrittenCount;
        foreach (var body in bodies)
        {
            body.WrittenSpan.CopyTo(encoded.AsSpan(offset));
            offset += body.WrittenCount;
        }

        return encoded;
    }

    private static IEnumerable<T> Slice<T>(IReadOnlyList<T> rows, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            yield return rows[i];
        }
    }

    /// <summary>The elements of <paramref name="rows"/>, one after another, without the enclosing array's header.</summary>
    private static ArrayBufferWriter<byte> EncodeRows<T>(IEnumerable<T> rows, int count, IReadOnlyList<SetBasedRowInserter.Column> columns)
        where T : class
    {
        var body = new ArrayBufferWriter<byte>(Math.Max(1, count) * 256);
        var row = new ArrayBufferWriter<byte>(1024);
        var group = new ArrayBufferWriter<byte>(1024);
        foreach (var entity in rows)
        {
            row.ResetWrittenCount();
            for (var start = 0; start < columns.Count; start += GroupSize)
            {
                group.ResetWrittenCount();
                for (var i = start; i < Math.Min(start + GroupSize, columns.Count); i++)
                {
                    WriteValue(group, columns[i].ProviderValue(entity));
                }

                WriteHeader(row, Array, group.WrittenCount);
                row.Write(group.WrittenSpan);
            }

            WriteHeader(body, Array, row.WrittenCount);
            body.Write(row.WrittenSpan);
        }

        return body;
    }

    /// <summary>Writes one provider value in the form Microsoft.Data.Sqlite binds it: text, integer, or null.</summary>
    private static void WriteValue(ArrayBufferWriter<byte> output, object? value)
    {
        switch (value)
        {
            case null:
                WriteHeader(output, Null, 0);
                break;
            case string text:
                WriteText(output, text);
                break;
            case Guid guid:
                WriteUpperCaseGuid(output, guid);
                break;
            case DateTimeOffset moment:
                WriteFormatted(output, moment, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz");
                break;
            case DateTime moment:
                WriteFormatted(output, moment, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF");
                break;
            case DateOnly day:
                WriteFormatted(output, day, @"yyyy\-MM\-dd");
                break;
            case TimeOnly time:
                WriteFormatted(output, time, @"HH\:mm\:ss.fffffff");
                break;
            case decimal number:
                WriteFormatted(output, number, "0.0###########################");
                break;
            case bool flag:
                WriteHeader(output, flag ? True : False, 0);
                break;
            case char character:
                WriteText(output, character.ToString());
                break;
            default:
                WriteInteger(output, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteText(ArrayBufferWriter<byte> output, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteHeader(output, RawText, length);
        Encoding.UTF8.GetBytes(text, output.GetSpan(length));
        output.Advance(length);
    }

    /// <summary>A value formatted straight to UTF-8 text (no string in between), as its invariant
    /// <c>ToString(format)</c> would read.</summary>
    private static void WriteFormatted<TValue>(ArrayBufferWriter<byte> output, TValue value, string format)
        where TValue : IUtf8SpanFormattable
    {
        Span<byte> text = stackalloc byte[LongestFormatted];
        if (!value.TryFormat(text, out var length, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"A {typeof(TValue).Name} did not fit {LongestFormatted} bytes of text.");
        }

        WriteHeader(output, RawText, length);
        output.Write(text[..length]);
    }

    /// <summary>A GUID as Microsoft.Data.Sqlite binds it: 36 characters, upper-case hexadecimal.</summary>
    private static void WriteUpperCaseGuid(ArrayBufferWriter<byte> output, Guid guid)
    {
        Span<byte> text = stackalloc byte[36];
        guid.TryFormat(text, out _, "D");
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is >= (byte)'a' and <= (byte)'f')
            {
                text[i] -= 'a' - 'A';
            }
        }

        WriteHeader(output, RawText, text.Length);
        output.Write(text);
    }

    private static void WriteInteger(ArrayBufferWriter<byte> output, long number)
    {
        // The payload of an integer is its canonical decimal text; 20 bytes hold any long with its sign.
        Span<byte> digits = stackalloc byte[20];
        number.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
        WriteHeader(output, Integer, length);
        output.Write(digits[..length]);
    }

    /// <summary>An element's header: its type and payload size, the size inside the first byte when it is below 12,
    /// else in the 1, 2, 4 or 8 big-endian bytes after it (size codes 12 to 15).</summary>
    private static void WriteHeader(ArrayBufferWriter<byte> output, byte type, int size)
    {
        var span = output.GetSpan(LongestHeader);
        int written;
        if (size < 12)
        {
            span[0] = (byte)((size << 4) | type);
            written = 1;
        }
        else if (size <= byte.MaxValue)
        {
            span[0] = (byte)(0xC0 | type);
            span[1] = (byte)size;
            written = 2;
        }
        else if (size <= ushort.MaxValue)
        {
            span[0] = (byte)(0xD0 | type);
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)size);
            written = 3;
        }
        else
        {
            span[0] = (byte)(0xE0 | type);
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
            written = 5;
        }

        output.Advance(written);
    }
}
