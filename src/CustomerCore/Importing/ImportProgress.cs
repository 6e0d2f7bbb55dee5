namespace CustomerCore.Importing;

/// <summary>The phase an import is in.</summary>
public enum ImportStage
{
    /// <summary>Reading, validating and comparing rows; nothing is written.</summary>
    Checking = 0,
    /// <summary>Writing the rows.</summary>
    Writing = 1,
    /// <summary>Undoing a batch.</summary>
    Undoing = 2,
}

/// <summary>Progress of an import, reported after each chunk.</summary>
/// <param name="Stage">The phase.</param>
/// <param name="RowsProcessed">Data rows handled so far in this phase.</param>
/// <param name="BytesProcessed">Bytes of the file read so far in this phase (0 while undoing).</param>
/// <param name="TotalBytes">The file's size when known, for a percentage.</param>
public readonly record struct ImportProgress(ImportStage Stage, long RowsProcessed, long BytesProcessed, long? TotalBytes);
