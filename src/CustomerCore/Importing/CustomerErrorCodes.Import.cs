namespace CustomerCore;

public static partial class CustomerErrorCodes
{
    /// <summary>The file is not valid UTF-8 (or UTF-16 with a byte order mark, or recognisably UTF-16 without one) and
    /// Windows-1252 was not allowed.</summary>
    public const string ImportInvalidEncoding = "import_invalid_encoding";
    /// <summary>The file is not well-formed CSV (for example a quote that is never closed).</summary>
    public const string ImportMalformedCsv = "import_malformed_csv";
    /// <summary>A field, record or the header is larger than the import limits allow.</summary>
    public const string ImportLimitExceeded = "import_limit_exceeded";
    /// <summary>The file has no header row or no data.</summary>
    public const string ImportEmptyFile = "import_empty_file";
    /// <summary>No column identifies a customer (email, phone, customer code or a name).</summary>
    public const string ImportMissingIdentifyingColumn = "import_missing_identifying_column";
    /// <summary>A column is not recognised and will be ignored (a warning).</summary>
    public const string ImportUnknownColumn = "import_unknown_column";
    /// <summary>A column maps to a field that an earlier column already fills; it is ignored (a warning).</summary>
    public const string ImportDuplicateColumn = "import_duplicate_column";
    /// <summary>The mapping given to apply does not fit the file's header.</summary>
    public const string ImportInvalidMapping = "import_invalid_mapping";
    /// <summary>The same email or customer code appears on an earlier line of the file.</summary>
    public const string ImportDuplicateInFile = "import_duplicate_in_file";
    /// <summary>The row's email points at one customer while its phone or customer code points at another.</summary>
    public const string ImportKeyConflict = "import_key_conflict";
    /// <summary>The import was not applied because rows have errors (all-or-nothing mode).</summary>
    public const string ImportHasErrors = "import_has_errors";
    /// <summary>A customer the import checked changed before the import could write it (another user or till wrote it,
    /// or took its email or customer code); nothing was imported.</summary>
    public const string ImportChangedDuringImport = "import_changed_during_import";
    /// <summary>The import batch was already undone.</summary>
    public const string ImportAlreadyUndone = "import_already_undone";
    /// <summary>The import batch cannot be undone because customers it touched changed since.</summary>
    public const string ImportUndoBlocked = "import_undo_blocked";
}
