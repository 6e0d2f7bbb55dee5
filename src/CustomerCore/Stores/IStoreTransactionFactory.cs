namespace CustomerCore.Stores;

/// <summary>
/// What an adapter implements so that CustomerCore can group store writes into one transaction. An adapter only begins,
/// commits and rolls back: nesting (a unit of work begun inside another joins it; an inner one that ends without
/// committing dooms the outer one) is handled once, in core, by <see cref="ICustomerCoreUnitOfWork"/>. Core begins at
/// most one store transaction per async flow at a time; every store write made in that flow until it ends must take part
/// in it, including writes through stores resolved from another scope of the same container.
/// </summary>
public interface IStoreTransactionFactory
{
    /// <summary>Starts a transaction in the current async flow.</summary>
    /// <remarks>Called from a non-async method so that an adapter may remember the transaction in an
    /// <see cref="AsyncLocal{T}"/> set before it returns.</remarks>
    Task<IStoreTransaction> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>An open store transaction.</summary>
public interface IStoreTransaction : IAsyncDisposable
{
    /// <summary>Makes every write since the transaction began permanent and ends it.</summary>
    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>Discards every write since the transaction began and ends it.</summary>
    Task RollbackAsync(CancellationToken cancellationToken);
}
