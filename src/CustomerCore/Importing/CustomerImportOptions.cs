namespace CustomerCore.Importing;

/// <summary>What apply does with rows that have errors.</summary>
public enum ImportErrorHandling
{
    /// <summary>Write nothing when any row has an error (the default): one transaction, all or nothing.</summary>
    AllOrNothing = 0,
    /// <summary>Write the good rows, skip the bad ones and list them, with the reason, in <see cref="CustomerImportOptions.ErrorCsv"/>.</summary>
    SkipInvalidRows = 1,
}

/// <summary>Options for a dry run or an apply of <see cref="CustomerImporter"/>.</summary>
public sealed record CustomerImportOptions
{
    /// <summary>The column mapping to use instead of the proposed one (as returned by the dry run, possibly edited).</summary>
    public IReadOnlyList<ImportColumnMapping>? Mapping { get; init; }

    /// <summary>What to do with rows that have errors. Default <see cref="ImportErrorHandling.AllOrNothing"/>.</summary>
    public ImportErrorHandling ErrorHandling { get; init; } = ImportErrorHandling.AllOrNothing;

    /// <summary>Where <see cref="ImportErrorHandling.SkipInvalidRows"/> writes the skipped rows: the original header and
    /// cells plus <c>Line</c> and <c>Error</c> columns, as UTF-8 CSV. Left open.</summary>
    public Stream? ErrorCsv { get; init; }

    /// <summary>Create rows without email that match an existing customer by phone (reported as a warning instead
    /// of an error). A customer code can never be shared, so a code match stays an error.</summary>
    public bool CreatePossibleDuplicates { get; init; }

    /// <summary>Decode input that is not valid UTF-8 as Windows-1252 instead of rejecting it. Off by default, because
    /// guessing an encoding can silently garble names.</summary>
    public bool AllowWindows1252 { get; init; }

    /// <summary>A name for the file, recorded on the batch (for example the uploaded file name).</summary>
    public string? SourceName { get; init; }

    /// <summary>The version of the consent wording the file's consent columns were collected under, recorded in the
    /// consent history.</summary>
    public string? ConsentWordingVersion { get; init; }

    /// <summary>Receives progress after each chunk of rows, for a progress bar.</summary>
    public IProgress<ImportProgress>? Progress { get; init; }

    /// <summary>How many rows are read, looked up and written together. Default 2,000.</summary>
    public int ChunkSize { get; init; } = 2_000;

    /// <summary>
    /// How many threads the check pass may work on a chunk's rows with at once (reading cells, normalizing phone numbers,
    /// merging and validating); at least 1, else the import throws <see cref="ArgumentOutOfRangeException"/>. Default:
    /// the machine's processor count; 1 keeps core's work on the calling thread (a store may still use the machine's cores
    /// for its own work: the EF Core adapter does on SQLite). The report, the order of the ids new customers get and what
    /// is written are the same for every value. A <see cref="CustomerCore.CustomerErrorDescriber"/> registered in place of
    /// the default is called from these threads; the host's access context is not (the actor is read once, up front).
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The longest cell accepted, in characters; a longer one is a row error. Default 10,000.</summary>
    public int MaxFieldLength { get; init; } = 10_000;

    /// <summary>The largest record accepted, in bytes; a larger one stops the import with a clear error instead of
    /// buffering it (for example an unclosed quote). Default 1 MiB.</summary>
    public int MaxRecordBytes { get; init; } = 1024 * 1024;

    /// <summary>The most columns a file may have. Default 200.</summary>
    public int MaxColumns { get; init; } = 200;

    /// <summary>How many issues and row diffs the report lists in detail; the counts are always complete. Default 1,000 each.</summary>
    public int MaxReportedRows { get; init; } = 1_000;
}
