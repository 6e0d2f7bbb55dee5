namespace CustomerCore.Stores;

/// <summary>
/// An optional capability of an <see cref="IStoreTransactionFactory"/>, asked for by the importer: a transaction whose
/// writes are prepared apart from the live store, without holding its write lock, and merged into it in one short
/// write when it commits. Adapters whose database lets other writers in during a long transaction (PostgreSQL's row
/// locks) need not offer it; on a database with one writer at a time (SQLite) it keeps a large import from locking the
/// tills out.
/// </summary>
/// <remarks>
/// While the transaction is open, reads through the stores may see only the customers named when it began (with their
/// ledger accounts, as they were then) and what the transaction wrote. At commit the adapter
/// checks, inside the short write, that none of the named customers (or their accounts) changed and that no written
/// key was taken meanwhile; otherwise it writes nothing and throws <see cref="StagedWriteConflictException"/>.
/// Change-feed numbers reserved in the transaction are renumbered to follow the live feed at commit.
/// </remarks>
public interface IStagedStoreTransactionFactory
{
    /// <summary>Starts a staged transaction in the current async flow.</summary>
    /// <param name="merchantId">The merchant every write of the transaction belongs to.</param>
    /// <param name="existingCustomers">The stored customers the transaction will update; they are read into the stage
    /// now and checked for changes at commit.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <remarks>Called from a non-async method, as <see cref="IStoreTransactionFactory.BeginAsync"/> is.</remarks>
    Task<IStoreTransaction> BeginStagedAsync(MerchantId merchantId, IReadOnlyCollection<Guid> existingCustomers, CancellationToken cancellationToken);
}

/// <summary>
/// Thrown by the commit of a staged transaction (<see cref="IStagedStoreTransactionFactory"/>) when the live store
/// changed under it: nothing was written.
/// </summary>
public sealed class StagedWriteConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StagedWriteConflictException()
        : this(null, "The store changed while the staged writes were prepared; nothing was written.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StagedWriteConflictException(string message)
        : this(null, message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StagedWriteConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a customer that changed, or for a key another customer took (no id).</summary>
    /// <param name="customerId">The customer whose stored version (or accounts) moved, when the conflict is one.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The database error, when one reported the conflict.</param>
    public StagedWriteConflictException(Guid? customerId, string message, Exception? innerException = null)
        : base(message, innerException) => CustomerId = customerId;

    /// <summary>The customer that changed since the transaction began; null when a written key was taken instead.</summary>
    public Guid? CustomerId { get; }
}
