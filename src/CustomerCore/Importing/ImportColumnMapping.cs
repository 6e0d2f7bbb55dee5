namespace CustomerCore.Importing;

/// <summary>How one column of the file is read. The dry run proposes these; a reviewer may change
/// <see cref="Field"/> and pass the list back in <see cref="CustomerImportOptions.Mapping"/>.</summary>
/// <param name="Index">The 0-based position of the column in the file.</param>
/// <param name="Header">The column's header exactly as in the file; apply checks it still matches.</param>
/// <param name="Field">The field the column fills, or null to ignore the column.</param>
public sealed record ImportColumnMapping(int Index, string Header, CustomerImportField? Field);
