namespace CustomerCore;

/// <summary>What <see cref="CustomerErrorDescriber.NotFound"/> could not find; each has its own sentence in every language.</summary>
public enum NotFoundSubject
{
    /// <summary>A customer.</summary>
    Customer,

    /// <summary>A customer group.</summary>
    CustomerGroup,

    /// <summary>A customer's credit line.</summary>
    CreditLine,

    /// <summary>A ledger account (credit line, store credit or loyalty points).</summary>
    LedgerAccount,

    /// <summary>A store credit hold.</summary>
    StoreCreditHold,

    /// <summary>A ticket.</summary>
    Ticket,

    /// <summary>A recorded customer merge.</summary>
    Merge,

    /// <summary>An import batch.</summary>
    ImportBatch,
}
