namespace CustomerCore.Importing;

/// <summary>Whether an applied import still stands.</summary>
public enum ImportBatchStatus
{
    /// <summary>Applied and in effect.</summary>
    Applied = 0,
    /// <summary>Undone.</summary>
    Undone = 1,
}

/// <summary>What an import did to one customer.</summary>
public enum ImportBatchChange
{
    /// <summary>The import created the customer.</summary>
    Created = 0,
    /// <summary>The import updated the customer; the entry keeps the earlier values.</summary>
    Updated = 1,
}

/// <summary>The header of an applied import, kept so it can be undone and audited.</summary>
public sealed class ImportBatch
{
    /// <summary>Identifies the batch (version 7 GUID).</summary>
    public Guid Id { get; set; }
    /// <summary>The merchant the import belongs to.</summary>
    public MerchantId MerchantId { get; set; }
    /// <summary>When it was applied.</summary>
    public DateTimeOffset AppliedAt { get; set; }
    /// <summary>Who applied it.</summary>
    public string AppliedBy { get; set; } = string.Empty;
    /// <summary>The file name or other label the caller gave.</summary>
    public string? SourceName { get; set; }
    /// <summary>Customers created.</summary>
    public int CreatedCount { get; set; }
    /// <summary>Customers updated.</summary>
    public int UpdatedCount { get; set; }
    /// <summary>Applied or undone.</summary>
    public ImportBatchStatus Status { get; set; }
    /// <summary>When it was undone.</summary>
    public DateTimeOffset? UndoneAt { get; set; }
    /// <summary>Who undid it.</summary>
    public string? UndoneBy { get; set; }

    /// <summary>A copy, so a store never shares mutable state with its callers.</summary>
    public ImportBatch Clone() => (ImportBatch)MemberwiseClone();
}

/// <summary>One customer touched by an import: enough to undo it while the customer has not changed since.</summary>
public sealed class ImportBatchEntry
{
    /// <summary>The batch.</summary>
    public Guid BatchId { get; set; }
    /// <summary>The merchant (same as the batch's).</summary>
    public MerchantId MerchantId { get; set; }
    /// <summary>The customer; unique within a batch.</summary>
    public Guid CustomerId { get; set; }
    /// <summary>Created or updated.</summary>
    public ImportBatchChange Change { get; set; }
    /// <summary>The customer's <c>Version</c> right after the import; undo requires it to be unchanged.</summary>
    public long VersionAfter { get; set; }
    /// <summary>For updates, the customer as it was before the import, serialized by the importer (opaque to stores;
    /// store it as text). Null for created customers.</summary>
    public string? BeforeImage { get; set; }

    /// <summary>A copy, so a store never shares mutable state with its callers.</summary>
    public ImportBatchEntry Clone() => (ImportBatchEntry)MemberwiseClone();
}
