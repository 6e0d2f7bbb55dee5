namespace CustomerCore.EntityFrameworkCore;

/// <summary>
/// How a <see cref="Customers.CustomerMergeRecord"/> is stored: the two before-images and the moved tickets are JSON
/// text, because they are only ever read back whole (to resolve an old id or to undo the merge).
/// </summary>
public sealed class CustomerMergeRow
{
    /// <summary>The merge id.</summary>
    public Guid Id { get; set; }
    /// <summary>The merchant.</summary>
    public MerchantId MerchantId { get; set; }
    /// <summary>The customer that stayed.</summary>
    public Guid KeptId { get; set; }
    /// <summary>The customer merged away.</summary>
    public Guid RemovedId { get; set; }
    /// <summary>The kept customer before the merge, as JSON.</summary>
    public string KeptBeforeJson { get; set; } = string.Empty;
    /// <summary>The removed customer before the merge, as JSON.</summary>
    public string RemovedBeforeJson { get; set; } = string.Empty;
    /// <summary>The kept customer's version right after the merge.</summary>
    public long KeptVersionAfter { get; set; }
    /// <summary>The moved tickets, as JSON.</summary>
    public string MovedTicketsJson { get; set; } = "[]";
    /// <summary>The ledger balances moved, as JSON.</summary>
    public string LedgerTransfersJson { get; set; } = "[]";
    /// <summary>When the merge happened, as UTC ticks (sortable on every provider).</summary>
    public long MergedAtTicks { get; set; }
    /// <summary>Who merged.</summary>
    public string? MergedBy { get; set; }
    /// <summary>When it was undone.</summary>
    public DateTimeOffset? UndoneAt { get; set; }
    /// <summary>Who undid it.</summary>
    public string? UndoneBy { get; set; }
}
