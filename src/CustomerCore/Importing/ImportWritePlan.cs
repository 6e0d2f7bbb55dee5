using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerCore.Customers;
using CustomerCore.Privacy;

namespace CustomerCore.Importing;

/// <summary>
/// What the check pass decided, kept so the write pass can replay it without reading, normalizing or looking up a row
/// again: each row to write (the customer as read and as it will be written, its consent records) and each rejected
/// row (its cells, for the error CSV). Records are appended as length-prefixed JSON to a memory buffer that moves to a
/// temporary file once it grows past a megabyte, so memory stays flat on a large file.
/// </summary>
internal sealed class ImportWritePlan : IAsyncDisposable
{
    private const int SpillThresholdBytes = 1024 * 1024;

    private readonly ArrayBufferWriter<byte> _record = new(4096);
    private readonly byte[] _prefix = new byte[sizeof(int)];
    private Stream _buffer = new MemoryStream();

    /// <summary>Rows the write pass will create or update.</summary>
    public int Writes { get; private set; }

    /// <summary>Rows the check pass rejected and the error CSV will list.</summary>
    public int Rejected { get; private set; }

    public ValueTask AddWriteAsync(long line, long fileOffset, Customer? before, Customer after, IReadOnlyList<ConsentRecord> consents, CancellationToken cancellationToken)
    {
        Writes++;
        return AppendAsync(new PlannedRow { Line = line, FileOffset = fileOffset, Before = before, After = after, Consents = [.. consents] }, cancellationToken);
    }

    public ValueTask AddRejectedAsync(long line, long fileOffset, string[] cells, string errors, CancellationToken cancellationToken)
    {
        Rejected++;
        return AppendAsync(new PlannedRow { Line = line, FileOffset = fileOffset, Cells = cells, Errors = errors }, cancellationToken);
    }

    /// <summary>Forgets everything planned (the file is being checked again in another encoding).</summary>
    public void Clear()
    {
        _buffer.SetLength(0);
        Writes = 0;
        Rejected = 0;
    }

    /// <summary>Replays the plan in the order it was made, <paramref name="chunkSize"/> rows at a time.</summary>
    public async IAsyncEnumerable<List<PlannedRow>> ReadAsync(int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _buffer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var end = _buffer.Length;
        _buffer.Position = 0;
        var bytes = new byte[4096];
        var chunk = new List<PlannedRow>(chunkSize);
        while (_buffer.Position < end)
        {
            await _buffer.ReadExactlyAsync(_prefix, cancellationToken).ConfigureAwait(false);
            var length = BinaryPrimitives.ReadInt32LittleEndian(_prefix);
            if (bytes.Length < length)
            {
                bytes = new byte[Math.Max(length, bytes.Length * 2)];
            }

            await _buffer.ReadExactlyAsync(bytes.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            chunk.Add(JsonSerializer.Deserialize(bytes.AsSpan(0, length), ImportWritePlanJson.Default.PlannedRow)!);
            if (chunk.Count == chunkSize)
            {
                yield return chunk;
                chunk = new List<PlannedRow>(chunkSize);
            }
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    public ValueTask DisposeAsync() => _buffer.DisposeAsync();

    private async ValueTask AppendAsync(PlannedRow row, CancellationToken cancellationToken)
    {
        _record.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_record))
        {
            JsonSerializer.Serialize(writer, row, ImportWritePlanJson.Default.PlannedRow);
        }

        BinaryPrimitives.WriteInt32LittleEndian(_prefix, _record.WrittenCount);
        await _buffer.WriteAsync(_prefix, cancellationToken).ConfigureAwait(false);
        await _buffer.WriteAsync(_record.WrittenMemory, cancellationToken).ConfigureAwait(false);
        if (_buffer is MemoryStream memory && memory.Length > SpillThresholdBytes)
        {
            await SpillAsync(memory, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SpillAsync(MemoryStream memory, CancellationToken cancellationToken)
    {
        // The plan holds personal data: the file is readable only by this user and deleted when the import ends. Where
        // the system allows it, its name is removed at once, so not even a killed process leaves the file behind.
        var path = Path.GetTempFileName();
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }

        memory.Position = 0;
        await memory.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        await memory.DisposeAsync().ConfigureAwait(false);
        _buffer = file;
    }
}

/// <summary>One row of an <see cref="ImportWritePlan"/>: a write (<see cref="After"/> set) or a rejection
/// (<see cref="Cells"/> set).</summary>
internal sealed class PlannedRow
{
    public long Line { get; init; }

    /// <summary>How far into the file the check pass had read when it decided this row, for progress.</summary>
    public long FileOffset { get; init; }

    public Customer? Before { get; init; }

    public Customer? After { get; init; }

    public List<ConsentRecord> Consents { get; init; } = [];

    public string[]? Cells { get; init; }

    public string? Errors { get; init; }
}

/// <summary>Compiled serialization of the plan's rows: the write pass reads every planned customer back, so reflection
/// per row would cost more than the write itself.</summary>
[JsonSourceGenerationOptions(IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(PlannedRow))]
internal sealed partial class ImportWritePlanJson : JsonSerializerContext;
