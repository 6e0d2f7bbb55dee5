namespace CustomerCore.Importing;

/// <summary>Which import limit a file went over; see <see cref="CustomerErrorDescriber.ImportLimitExceeded"/>.</summary>
public enum ImportLimit
{
    /// <summary>A record is larger than <see cref="CustomerImportOptions.MaxRecordBytes"/>.</summary>
    RecordBytes,

    /// <summary>The header has more columns than <see cref="CustomerImportOptions.MaxColumns"/>.</summary>
    HeaderColumns,

    /// <summary>A row has more columns than <see cref="CustomerImportOptions.MaxColumns"/>.</summary>
    RowColumns,
}
