using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Maps CustomerCore's store transactions to database transactions on <typeparamref name="TContext"/>. While one is
/// open, every store over <typeparamref name="TContext"/> in the same async flow writes through the DbContext that owns
/// it, even a store resolved from another scope. Nesting is core's business: this factory refuses to begin a second
/// transaction in a flow that already has one. When the host already opened a transaction on the DbContext, the
/// store transaction runs inside it and the host decides the outcome.
/// </summary>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
public sealed class EntityFrameworkCoreTransactionFactory<TContext> : IStoreTransactionFactory
    where TContext : DbContext
{
    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;

    /// <summary>Creates the factory; normally resolved from dependency injection.</summary>
    public EntityFrameworkCoreTransactionFactory(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    /// <inheritdoc />
    /// <remarks>Deliberately not an async method: the ambient transaction must be set in the caller's execution context.</remarks>
    /// <exception cref="InvalidOperationException">A store transaction is already open in this async flow.</exception>
    public Task<IStoreTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        if (_ambient.Current is not null)
        {
            // Core joins an open unit of work instead of beginning another, so reaching this is a bug in the caller.
            throw new InvalidOperationException("A store transaction is already open in this async flow; end it before beginning another.");
        }

        if (_context.Database.CurrentTransaction is not null)
        {
            return Task.FromResult<IStoreTransaction>(HostOwnedTransaction.Instance);
        }

        var transaction = new EntityFrameworkCoreAmbientTransaction<TContext>.OpenTransaction(_context);
        _ambient.Enter(transaction);
        return StartAsync(transaction, cancellationToken);
    }

    private static async Task<IStoreTransaction> StartAsync(
        EntityFrameworkCoreAmbientTransaction<TContext>.OpenTransaction transaction, CancellationToken cancellationToken)
    {
        await transaction.StartAsync(cancellationToken).ConfigureAwait(false);
        return new OwnedTransaction(transaction);
    }

    private sealed class OwnedTransaction(EntityFrameworkCoreAmbientTransaction<TContext>.OpenTransaction transaction) : IStoreTransaction
    {
        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public Task RollbackAsync(CancellationToken cancellationToken) => transaction.RollbackAsync(cancellationToken);

        public ValueTask DisposeAsync() => transaction.RollbackIfOpenAsync();
    }

    /// <summary>Stands for a transaction the host opened on the DbContext: the host commits or rolls it back.</summary>
    private sealed class HostOwnedTransaction : IStoreTransaction
    {
        public static readonly HostOwnedTransaction Instance = new();

        public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RollbackAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
