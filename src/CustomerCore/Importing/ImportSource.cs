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

    /// <summary>The encoding named by a byte order mark at the start, or null when there is none.</summary>
    public string? ByteOrderMarkEncoding { get; private set; }

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

        source.ByteOrderMarkEncoding = await source.PeekByteOrderMarkAsync(cancellationToken).ConfigureAwait(false);
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

    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes);

    private async Task<string?> PeekByteOrderMarkAsync(CancellationToken cancellationToken)
    {
        _stream.Position = _start;
        var head = new byte[3];
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
        return read switch
        {
            >= 3 when head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF => "utf-8",
            >= 2 when head[0] == 0xFF && head[1] == 0xFE => "utf-16",
            >= 2 when head[0] == 0xFE && head[1] == 0xFF => "utf-16",
            _ => null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
