namespace CustomerCore.Stores;

/// <summary>One write of a batch: a create when <paramref name="ExpectedVersion"/> is null, else an update from that version.</summary>
/// <param name="Customer">The customer as it should be stored.</param>
/// <param name="ExpectedVersion">The stored version an update expects; null for a create.</param>
public sealed record CustomerWrite(Customers.Customer Customer, long? ExpectedVersion);

/// <summary>What <see cref="ICustomerStore.WriteBatchAsync"/> did.</summary>
/// <param name="Outcome"><see cref="StoreWriteOutcome.Success"/>, or why nothing was written.</param>
/// <param name="FailedIndex">The index of the write that failed, when the store can tell.</param>
public sealed record CustomerBatchWriteResult(StoreWriteOutcome Outcome, int? FailedIndex = null)
{
    /// <summary>Every write was done.</summary>
    public static CustomerBatchWriteResult Success { get; } = new(StoreWriteOutcome.Success);
}
