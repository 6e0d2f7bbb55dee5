namespace CustomerCore.Stores;

/// <summary>
/// Groups store writes so they commit together (an import, a merge, a group delete). Adapters map it to a database
/// transaction. Work done through the stores between <see cref="BeginAsync"/> and
/// <see cref="ICustomerCoreTransaction.CommitAsync"/> is all kept or all discarded.
/// </summary>
public interface ICustomerCoreUnitOfWork
{
    /// <summary>Starts a transaction; disposing it without committing rolls everything back.</summary>
    Task<ICustomerCoreTransaction> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>An open unit of work.</summary>
public interface ICustomerCoreTransaction : IAsyncDisposable
{
    /// <summary>Makes every write since the transaction began permanent.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
