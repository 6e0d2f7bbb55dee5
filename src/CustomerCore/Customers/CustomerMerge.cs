namespace CustomerCore.Customers;

/// <summary>Which customer's value a merged field takes.</summary>
public enum MergeSide
{
    /// <summary>The value of the customer that is kept.</summary>
    Kept = 0,
    /// <summary>The value of the customer that is merged away.</summary>
    Removed = 1,
}

/// <summary>A field whose value differs between the two customers of a merge.</summary>
/// <param name="Field">The field name (as in <see cref="CustomerInput"/>, plus <c>GroupId</c>).</param>
/// <param name="KeptValue">The kept customer's value, as text.</param>
/// <param name="RemovedValue">The removed customer's value, as text.</param>
/// <param name="DefaultChoice">What the merge takes unless told otherwise: the kept value, or the removed one when the kept one is empty.</param>
public sealed record MergeFieldDifference(string Field, string? KeptValue, string? RemovedValue, MergeSide DefaultChoice);

/// <summary>What a merge would do, shown before doing it.</summary>
/// <param name="Kept">The customer that stays.</param>
/// <param name="Removed">The customer that goes; its id will resolve to <paramref name="Kept"/>.</param>
/// <param name="Differences">Fields that differ, each with its default choice.</param>
/// <param name="TicketsToMove">How many ticket links move to the kept customer.</param>
/// <param name="Merged">The kept customer as it would look after the merge with the given choices.</param>
/// <param name="BalancesToMove">The removed customer's non-zero ledger accounts (credit lines, store credit, points) whose balances move.</param>
public sealed record MergePreview(
    Customer Kept, Customer Removed, IReadOnlyList<MergeFieldDifference> Differences, int TicketsToMove, Customer Merged, IReadOnlyList<Credit.LedgerAccount> BalancesToMove);

/// <summary>A request to merge two customers.</summary>
public sealed record MergeRequest
{
    /// <summary>The customer that stays.</summary>
    public required Guid KeepId { get; init; }
    /// <summary>The version of the kept customer the caller reviewed.</summary>
    public required long KeepVersion { get; init; }
    /// <summary>The customer merged away.</summary>
    public required Guid RemoveId { get; init; }
    /// <summary>The version of the removed customer the caller reviewed.</summary>
    public required long RemoveVersion { get; init; }
    /// <summary>Per-field choices; fields not named take <see cref="MergeFieldDifference.DefaultChoice"/>.</summary>
    public IReadOnlyDictionary<string, MergeSide> FieldChoices { get; init; } = new Dictionary<string, MergeSide>();
}

/// <summary>The record of a merge: enough to resolve the removed id and to undo it.</summary>
public sealed class CustomerMergeRecord
{
    /// <summary>Identifies the merge.</summary>
    public Guid Id { get; set; }
    /// <summary>The merchant.</summary>
    public MerchantId MerchantId { get; set; }
    /// <summary>The customer that stayed.</summary>
    public Guid KeptId { get; set; }
    /// <summary>The customer merged away.</summary>
    public Guid RemovedId { get; set; }
    /// <summary>The kept customer before the merge.</summary>
    public Customer KeptBefore { get; set; } = new();
    /// <summary>The removed customer before the merge.</summary>
    public Customer RemovedBefore { get; set; } = new();
    /// <summary>The kept customer's version right after the merge; undo requires it unchanged.</summary>
    public long KeptVersionAfter { get; set; }
    /// <summary>Ticket references moved to the kept customer, with their version right after the move.</summary>
    public List<MovedTicket> MovedTickets { get; set; } = [];
    /// <summary>Ledger balances (credit lines, store credit, points) moved to the kept customer.</summary>
    public List<Credit.LedgerTransfer> LedgerTransfers { get; set; } = [];
    /// <summary>When the merge happened.</summary>
    public DateTimeOffset MergedAt { get; set; }
    /// <summary>Who merged.</summary>
    public string? MergedBy { get; set; }
    /// <summary>When the merge was undone, if it was.</summary>
    public DateTimeOffset? UndoneAt { get; set; }
    /// <summary>Who undid it.</summary>
    public string? UndoneBy { get; set; }

    /// <summary>A deep copy.</summary>
    public CustomerMergeRecord Clone()
    {
        var copy = (CustomerMergeRecord)MemberwiseClone();
        copy.KeptBefore = KeptBefore.Clone();
        copy.RemovedBefore = RemovedBefore.Clone();
        copy.MovedTickets = [.. MovedTickets];
        copy.LedgerTransfers = [.. LedgerTransfers];
        return copy;
    }
}

/// <summary>A ticket moved by a merge.</summary>
/// <param name="TicketReference">The POS reference.</param>
/// <param name="VersionAfter">The link's version right after the move.</param>
public sealed record MovedTicket(string TicketReference, long VersionAfter);
