using CustomerCore.ChangeFeed;

namespace CustomerCore.Auditing;

/// <summary>
/// Who changed what and when. Records the names of the fields that changed, never their values, so an entry holds
/// nothing personal and survives an erasure unchanged.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Identifies the entry (time-ordered).</summary>
    public Guid Id { get; set; }
    /// <summary>The change-feed sequence number of the same change: orders the merchant's audit entries as the changes
    /// committed (several changes can share one timestamp).</summary>
    public long Sequence { get; set; }
    /// <summary>The merchant.</summary>
    public MerchantId MerchantId { get; set; }
    /// <summary>The customer the change is about, or the group for group changes.</summary>
    public Guid EntityId { get; set; }
    /// <summary>What was done.</summary>
    public ChangeKind Operation { get; set; }
    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }
    /// <summary>Who: the access context's actor.</summary>
    public string Actor { get; set; } = string.Empty;
    /// <summary>The names of the fields that changed (for example <c>Email</c>, <c>GroupId</c>, <c>StoreCredit</c>).</summary>
    public IReadOnlyList<string> Fields { get; set; } = [];
    /// <summary>The import batch that made the change, when there was one.</summary>
    public Guid? ImportBatchId { get; set; }
    /// <summary>The merge that made the change, when there was one.</summary>
    public Guid? MergeId { get; set; }

    /// <summary>A copy, so a store never shares an entry with its callers.</summary>
    public AuditEntry Clone()
    {
        var copy = (AuditEntry)MemberwiseClone();
        copy.Fields = [.. Fields];
        return copy;
    }
}
