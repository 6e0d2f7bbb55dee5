using System.Text;
using CustomerCore.Customers;
using CustomerCore.Privacy;

namespace CustomerCore.Importing;

/// <summary>
/// What the check pass decided, kept so the write pass can replay it without reading, normalizing or looking up a row
/// again: each row to write (the customer as read and as it will be written, its consent records) and each rejected
/// row (its cells, for the error CSV). Rows are appended in <see cref="ImportPlanCodec"/>'s binary form to a memory
/// buffer that moves to a temporary file once it grows past a megabyte, so memory stays flat on a large file.
/// </summary>
internal sealed class ImportWritePlan : IAsyncDisposable
{
    private const int SpillThresholdBytes = 1024 * 1024;
    private const int FileBufferBytes = 1 << 16;

    private Stream _buffer = new MemoryStream();
    private BinaryWriter _writer;

    public ImportWritePlan() => _writer = new BinaryWriter(_buffer, Encoding.UTF8, leaveOpen: true);

    /// <summary>Rows the write pass will create or update.</summary>
    public int Writes { get; private set; }

    /// <summary>Rows the check pass rejected and the error CSV will list.</summary>
    public int Rejected { get; private set; }

    /// <summary>The stored customers the write pass will update, for a staged write to read in first.</summary>
    public List<Guid> UpdatedCustomers { get; } = [];

    public void AddWrite(long line, long fileOffset, Customer? before, Customer after, IReadOnlyList<ConsentRecord> consents)
    {
        Writes++;
        if (before is not null)
        {
            UpdatedCustomers.Add(before.Id);
        }

        Append(new PlannedRow { Line = line, FileOffset = fileOffset, Before = before, After = after, Consents = [.. consents] });
    }

    public void AddRejected(long line, long fileOffset, string[] cells, string errors)
    {
        Rejected++;
        Append(new PlannedRow { Line = line, FileOffset = fileOffset, Cells = cells, Errors = errors });
    }

    /// <summary>Forgets everything planned (the file is being checked again in another encoding).</summary>
    public void Clear()
    {
        _writer.Flush();
        _buffer.SetLength(0);
        Writes = 0;
        Rejected = 0;
        UpdatedCustomers.Clear();
    }

    /// <summary>Replays the plan in the order it was made, <paramref name="chunkSize"/> rows at a time.</summary>
    public IEnumerable<List<PlannedRow>> Read(int chunkSize, CancellationToken cancellationToken)
    {
        _writer.Flush();
        var end = _buffer.Length;
        _buffer.Position = 0;
        using var reader = new BinaryReader(_buffer, Encoding.UTF8, leaveOpen: true);
        var chunk = new List<PlannedRow>(chunkSize);
        while (_buffer.Position < end)
        {
            cancellationToken.ThrowIfCancellationRequested();
            chunk.Add(ImportPlanCodec.ReadRow(reader));
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

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _buffer.DisposeAsync().ConfigureAwait(false);
    }

    private void Append(PlannedRow row)
    {
        ImportPlanCodec.WriteRow(_writer, row);
        if (_buffer is MemoryStream memory && memory.Length > SpillThresholdBytes)
        {
            Spill(memory);
        }
    }

    private void Spill(MemoryStream memory)
    {
        // The plan holds personal data: the file is readable only by this user and deleted when the import ends. Where
        // the system allows it, its name is removed at once, so not even a killed process leaves the file behind.
        _writer.Flush();
        var path = Path.GetTempFileName();
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, FileBufferBytes, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }

        memory.Position = 0;
        memory.CopyTo(file);
        memory.Dispose();
        _buffer = file;
        _writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true);
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
