namespace CustomerCore;

/// <summary>Why <see cref="CustomerErrorDescriber.MergeUndoBlocked"/> refuses to undo a merge.</summary>
public enum MergeUndoBlocker
{
    /// <summary>The merge was already undone.</summary>
    AlreadyUndone,

    /// <summary>The kept customer changed after the merge.</summary>
    KeptCustomerChanged,

    /// <summary>A ticket moved by the merge changed after it; the detail is the ticket reference.</summary>
    TicketChanged,

    /// <summary>A ledger account moved by the merge has new entries; the detail is the account id.</summary>
    LedgerAccountChanged,

    /// <summary>Another customer now uses the removed customer's email or customer code.</summary>
    IdentityTaken,
}
