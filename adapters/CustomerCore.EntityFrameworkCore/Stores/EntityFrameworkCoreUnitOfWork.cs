using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Maps CustomerCore's unit of work to a database transaction on <typeparamref name="TContext"/>. A unit of work begun
/// while another is open in the same async flow joins it: its commit does nothing, and ending it without a commit makes
/// the outer commit roll everything back and fail. When the host already opened a transaction on the DbContext, the
/// unit of work runs inside it and the host decides the outcome.
/// </summary>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
public sealed class EntityFrameworkCoreUnitOfWork<TContext> : ICustomerCoreUnitOfWork
    where TContext : DbContext
{
    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;

    /// <summary>Creates the unit of work; normally resolved from dependency injection.</summary>
    public EntityFrameworkCoreUnitOfWork(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    /// <inheritdoc />
    /// <remarks>Deliberately not an async method: the ambient transaction must be set in the caller's execution context.</remarks>
    public Task<ICustomerCoreTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        if (_ambient.Current is { } outer)
        {
            return Task.FromResult<ICustomerCoreTransaction>(new JoinedTransaction(outer));
        }

        if (_context.Database.CurrentTransaction is not null)
        {
            return Task.FromResult<ICustomerCoreTransaction>(HostOwnedTransaction.Instance);
        }

        var transaction = new EntityFrameworkCoreAmbientTransaction<TContext>.OpenTransaction(_context);
        _ambient.Enter(transaction);
        return StartAsync(transaction, cancellationToken);
    }

    private static async Task<ICustomerCoreTransaction> StartAsync(
        EntityFrameworkCoreAmbientTransaction<TContext>.OpenTransaction transaction, CancellationToken cancellationToken)
    {
        await transaction.StartAsync(cancellationToken).ConfigureAwait(false);
        return new OuterTransaction(transaction);
    }

    private sealed class OuterTransaction(EntityFrameworkCoreAmbientTransaction<TContext>.OpenTransaction transaction) : ICustomerCoreTransaction
    {
        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => transaction.RollbackIfOpenAsync();
    }

    private sealed class JoinedTransaction(EntityFrameworkCoreAmbientTransaction<TContext>.OpenTransaction outer) : ICustomerCoreTransaction
    {
        private bool _committed;

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            _committed = true;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (!_committed)
            {
                outer.RollbackOnly = true;
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class HostOwnedTransaction : ICustomerCoreTransaction
    {
        public static readonly HostOwnedTransaction Instance = new();

        public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
