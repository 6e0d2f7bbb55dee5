namespace CustomerCore.Importing;

/// <summary>Whether an issue stops its row.</summary>
public enum ImportIssueSeverity
{
    /// <summary>Worth knowing; the row is imported.</summary>
    Warning = 0,
    /// <summary>The row is not imported.</summary>
    Error = 1,
}

/// <summary>A problem found in the file, with where it is.</summary>
/// <param name="Line">The 1-based line of the file where the row starts (0 for the file as a whole).</param>
/// <param name="Column">The column's header as in the file, when the issue is about one column.</param>
/// <param name="Code">A stable code from <see cref="CustomerErrorCodes"/>.</param>
/// <param name="Message">A message for a person, in the current UI language.</param>
/// <param name="Severity">Whether the row is still imported.</param>
public sealed record ImportIssue(long Line, string? Column, string Code, string Message, ImportIssueSeverity Severity);

/// <summary>What happens to one row.</summary>
public enum ImportRowAction
{
    /// <summary>A new customer.</summary>
    Create = 0,
    /// <summary>An existing customer (matched by email) changes.</summary>
    Update = 1,
    /// <summary>An existing customer matched by email already has these values.</summary>
    Unchanged = 2,
    /// <summary>The row has errors and is not imported.</summary>
    Invalid = 3,
}

/// <summary>One field that a row changes.</summary>
/// <param name="Field">The field.</param>
/// <param name="OldValue">The stored value (null for a new customer or an empty field).</param>
/// <param name="NewValue">The value after the import (null when cleared).</param>
public sealed record ImportFieldChange(CustomerImportField Field, string? OldValue, string? NewValue);

/// <summary>The effect of one row.</summary>
/// <param name="Line">The 1-based line of the file where the row starts.</param>
/// <param name="Action">Create, update or unchanged.</param>
/// <param name="CustomerId">The existing customer (updates), or null for a new one.</param>
/// <param name="Changes">The fields that change.</param>
public sealed record ImportRowDiff(long Line, ImportRowAction Action, Guid? CustomerId, IReadOnlyList<ImportFieldChange> Changes);

/// <summary>
/// The outcome of a dry run or an apply: counts, the column mapping used, issues and per-row diffs (the lists are
/// capped by <see cref="CustomerImportOptions.MaxReportedRows"/>; the counts are complete). Shaped for a JSON summary.
/// </summary>
public sealed record ImportReport
{
    /// <summary>The recorded batch, when rows were written; pass it to <see cref="CustomerImporter.UndoAsync"/>.</summary>
    public Guid? BatchId { get; init; }
    /// <summary>Whether anything was written (false for a dry run and for a refused apply).</summary>
    public bool Applied { get; init; }
    /// <summary>Rows that create (dry run: would create) a customer.</summary>
    public int Created { get; init; }
    /// <summary>Rows that update (dry run: would update) an existing customer.</summary>
    public int Updated { get; init; }
    /// <summary>Rows whose customer already has these values.</summary>
    public int Unchanged { get; init; }
    /// <summary>Rows with at least one error (skipped, or the reason nothing was written).</summary>
    public int Errors { get; init; }
    /// <summary>Warnings, about the file or about rows that are still imported.</summary>
    public int Warnings { get; init; }
    /// <summary>Data rows read.</summary>
    public int TotalRows { get; init; }
    /// <summary>The separator found in the file.</summary>
    public char Separator { get; init; }
    /// <summary>The encoding the file was read as (<c>utf-8</c>, <c>utf-16</c> or <c>windows-1252</c>).</summary>
    public string Encoding { get; init; } = "utf-8";
    /// <summary>The column mapping used; edit it and pass it back to apply.</summary>
    public IReadOnlyList<ImportColumnMapping> Mapping { get; init; } = [];
    /// <summary>Errors and warnings with line, column and code.</summary>
    public IReadOnlyList<ImportIssue> Issues { get; init; } = [];
    /// <summary>Per-row changes of rows that create or update.</summary>
    public IReadOnlyList<ImportRowDiff> Rows { get; init; } = [];
    /// <summary>Whether <see cref="Issues"/> or <see cref="Rows"/> were cut at the reporting limit.</summary>
    public bool Truncated { get; init; }
}

/// <summary>The outcome of <see cref="CustomerImporter.UndoAsync"/>.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Removed">Customers the import had created that were removed.</param>
/// <param name="Restored">Customers the import had updated whose earlier values were restored.</param>
public sealed record ImportUndoResult(Guid BatchId, int Removed, int Restored);
