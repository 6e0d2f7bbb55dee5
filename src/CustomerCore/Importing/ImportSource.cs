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
