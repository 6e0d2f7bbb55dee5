namespace CustomerCore.Stores;

/// <summary>
/// Groups work so it commits together (an import, a merge, a group delete, or several service calls of the host).
/// Work done through the services and stores between <see cref="BeginAsync"/> and
/// <see cref="ICustomerCoreTransaction.CommitAsync"/> is all kept or all discarded, together with its change-feed and
/// audit entries. A unit of work begun while another is open in the same async flow joins it: its commit does nothing,
/// and ending it without a commit makes the outer commit roll everything back and fail.
/// </summary>
public interface ICustomerCoreUnitOfWork
{
    /// <summary>Starts a unit of work, or joins the one open in this async flow; disposing it without committing rolls back.</summary>
    Task<ICustomerCoreTransaction> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>An open unit of work.</summary>
public interface ICustomerCoreTransaction : IAsyncDisposable
{
    /// <summary>Makes every write since the unit of work began permanent (the outermost one; a joined one only agrees).</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
