using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace CustomerCore.Importing;

/// <summary>
/// The file being imported, readable more than once (the check pass, then the write pass) without holding it in
/// memory: a seekable input is re-read in place; any other input is first copied to a temporary file.
/// </summary>
internal sealed class ImportSource : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly long _start;
    private readonly bool _owned;

    private ImportSource(Stream stream, long start, bool owned)
    {
        _stream = stream;
        _start = start;
        _owned = owned;
    }

    /// <summary>The file's size in bytes.</summary>
    public long Length => _stream.Length - _start;

    /// <summary>How many bytes from the start are looked at to recognise UTF-16 without a byte order mark.</summary>
    internal const int SniffLength = 4096;

    /// <summary>The encoding named by a byte order mark at the start, or null when there is none.</summary>
    public string? ByteOrderMarkEncoding { get; private set; }

    /// <summary>
    /// UTF-16 (little or big endian) when the file has no byte order mark but its bytes are unmistakably UTF-16: the
    /// file is then decoded as such. Null otherwise.
    /// </summary>
    public Encoding? UnmarkedUtf16 { get; private set; }

    public static async Task<ImportSource> OpenAsync(Stream input, CancellationToken cancellationToken)
    {
        ImportSource source;
        if (input.CanSeek)
        {
            source = new ImportSource(input, input.Position, owned: false);
        }
        else
        {
            var spool = new FileStream(
                Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await input.CopyToAsync(spool, cancellationToken).ConfigureAwait(false);
            source = new ImportSource(spool, 0, owned: true);
        }

        var head = await source.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        source.ByteOrderMarkEncoding = ByteOrderMarkOf(head);
        source.UnmarkedUtf16 = source.ByteOrderMarkEncoding is null ? DetectUnmarkedUtf16(head) : null;
        return source;
    }

    /// <summary>A CSV reader from the start of the file.</summary>
    public CsvReader OpenReader(CsvReaderOptions options)
    {
        _stream.Position = _start;
        return CsvReader.Create(_stream, options, leaveOpen: true);
    }

    /// <summary>Whether records must be checked for invalid UTF-8: the reader decodes UTF-8 itself and would
    /// otherwise turn bad bytes into replacement characters.</summary>
    public bool NeedsUtf8Check(Encoding? decodeAs) => decodeAs is null && ByteOrderMarkEncoding is null or "utf-8";

    /// <summary>The name the report gives the encoding the file is read in.</summary>
    public string EncodingName(Encoding? decodeAs) => decodeAs switch
    {
        null => ByteOrderMarkEncoding ?? "utf-8",
        UnicodeEncoding => IsBigEndian(decodeAs) ? "utf-16be" : "utf-16le",
        _ => decodeAs.WebName,
    };

    /// <summary>
    /// UTF-16 LE or BE when <paramref name="head"/> (the start of a file without a byte order mark) looks like it: a
    /// CSV file in UTF-8 or a single-byte code page never holds NUL bytes, while UTF-16 text has one in every ASCII
    /// character (header names, separators, digits, emails), all on the odd offsets (LE) or all on the even ones (BE).
    /// </summary>
    public static Encoding? DetectUnmarkedUtf16(ReadOnlySpan<byte> head)
    {
        var pairs = Math.Min(head.Length, SniffLength) / 2;
        int nulAtEven = 0, nulAtOdd = 0;
        for (var i = 0; i < pairs; i++)
        {
            nulAtEven += head[2 * i] == 0 ? 1 : 0;
            nulAtOdd += head[(2 * i) + 1] == 0 ? 1 : 0;
        }

        // A CSV with a recognisable header has at least one ASCII or Latin-1 character in eight; the few characters whose
        // other byte is NUL (U+0100, U+4E00 and the like) are tolerated on the other offset.
        static bool Looks(int nulsHere, int nulsThere, int pairs) => nulsHere >= Math.Max(2, pairs / 8) && nulsThere <= nulsHere / 8;
        return Looks(nulAtOdd, nulAtEven, pairs) ? new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)
            : Looks(nulAtEven, nulAtOdd, pairs) ? new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true)
            : null;
    }

    /// <summary>
    /// Why the record starting on <paramref name="recordLine"/> grew past <paramref name="limitBytes"/>: the line where a
    /// quoted field of it opened and then ran onto another line or to the end of the file (an unclosed quote, which makes
    /// the reader take the rest of the file as one field); null when no quote is to blame and the record is simply too long.
    /// The record is re-read from the file, decoded as the reader decoded it; its first character is outside any quote.
    /// </summary>
    public async Task<long?> FindRunawayQuoteAsync(Encoding? decodeAs, char separator, long recordLine, int limitBytes, CancellationToken cancellationToken)
    {
        _stream.Position = _start;
        using var text = new StreamReader(
            _stream, decodeAs ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: decodeAs is null, bufferSize: 65536, leaveOpen: true);
        var buffer = new char[65536];
        var scan = new RunawayQuoteScan(separator, Math.Max(1, recordLine), limitBytes);
        int read;
        while ((read = await text.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (scan.Next(buffer[i]) is { } done)
                {
                    return done.QuoteLine;
                }
            }
        }

        return scan.AtEnd();
    }

    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes);

    private static bool IsBigEndian(Encoding encoding) => encoding.GetBytes("A")[0] == 0;

    private static string? ByteOrderMarkOf(ReadOnlySpan<byte> head) => head switch
    {
        [0xEF, 0xBB, 0xBF, ..] => "utf-8",
        [0xFF, 0xFE, ..] => "utf-16",
        [0xFE, 0xFF, ..] => "utf-16",
        _ => null,
    };

    private async Task<byte[]> ReadHeadAsync(CancellationToken cancellationToken)
    {
        _stream.Position = _start;
        var head = new byte[SniffLength];
        var read = 0;
        while (read < head.Length)
        {
            var n = await _stream.ReadAsync(head.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        _stream.Position = _start;
        return head[..read];
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The state of <see cref="ImportSource.FindRunawayQuoteAsync"/>: skips to the record's line (line breaks are counted
/// everywhere, as the reader counts lines), then follows RFC 4180 quoting through that record.
/// </summary>
internal sealed class RunawayQuoteScan(char separator, long recordLine, int limitBytes)
{
    private long _line = 1;
    private bool _afterCarriageReturn;
    private bool _fieldStart = true;
    private bool _inQuotes;
    private bool _quoteMayClose;
    private long _openedOn;
    private long _bytes;

    /// <summary>Feeds one character; a value once the answer is known (its <c>QuoteLine</c> may be null).</summary>
    public (long? QuoteLine, bool Known)? Next(char c)
    {
        var continuesCrLf = _afterCarriageReturn && c == '\n';
        _afterCarriageReturn = c == '\r';
        var lineBreak = (c is '\r' or '\n') && !continuesCrLf;
        if (_line < recordLine)
        {
            _line += lineBreak ? 1 : 0;
            return null;
        }

        _bytes += c < 0x80 ? 1 : c < 0x800 || char.IsSurrogate(c) ? 2 : 3;
        if (_quoteMayClose)
        {
            _quoteMayClose = false;
            if (c == '"')
            {
                return Limit();
            }

            _inQuotes = false;
        }

        if (_inQuotes)
        {
            if (c == '"')
            {
                _quoteMayClose = true;
            }
            else if (lineBreak)
            {
                // A quoted field that runs onto another line in a record too large to read is the unclosed quote itself:
                // what closes it later is the opening quote of some other field.
                return (_openedOn, true);
            }
        }
        else if (continuesCrLf)
        {
            return null;
        }
        else if (lineBreak)
        {
            return (null, true);
        }
        else if (c == '"' && _fieldStart)
        {
            _inQuotes = true;
            _openedOn = _line;
        }
        else
        {
            _fieldStart = c == separator;
            return Limit();
        }

        _fieldStart = false;
        return Limit();
    }

    /// <summary>The answer at the end of the file.</summary>
    public long? AtEnd() => _inQuotes && !_quoteMayClose ? _openedOn : null;

    // Past the limit outside any quote, the record is simply long. Inside a quote the scan goes on: a long quoted field
    // that closes on its own line is just long, one that runs onto another line or to the end of the file is unclosed.
    private (long? QuoteLine, bool Known)? Limit() =>
        _bytes > limitBytes && !_inQuotes ? (null, true) : null;
}
