using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Remembers the unit of work open in the current async flow so that every store over <typeparamref name="TContext"/>
/// resolved from the same container joins it, even one resolved from another scope (and so holding another
/// DbContext). Registered once per container.
/// </summary>
/// <typeparam name="TContext">The DbContext the stores use.</typeparam>
public sealed class EntityFrameworkCoreAmbientTransaction<TContext>
    where TContext : DbContext
{
    private readonly AsyncLocal<OpenTransaction?> _current = new();

    /// <summary>The DbContext a store must use: the one that owns the open unit of work, else its own.</summary>
    internal DbContext ContextFor(TContext own) => _current.Value is { IsOpen: true } open ? open.Context : own;

    internal OpenTransaction? Current => _current.Value is { IsOpen: true } open ? open : null;

    /// <remarks>Only called from non-async methods: a value set inside an async method does not flow back to its caller.</remarks>
    internal void Enter(OpenTransaction transaction) => _current.Value = transaction;

    /// <summary>A database transaction owned by the outermost unit of work.</summary>
    internal sealed class OpenTransaction(DbContext context)
    {
        private IDbContextTransaction? _transaction;

        public DbContext Context { get; } = context;

        public bool IsOpen { get; private set; }

        /// <summary>Set when a joined unit of work ended without committing: the whole transaction must roll back.</summary>
        public bool RollbackOnly { get; set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _transaction = await Context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            IsOpen = true;
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (!IsOpen || _transaction is null)
            {
                throw new InvalidOperationException("The unit of work has already ended.");
            }

            if (RollbackOnly)
            {
                await EndAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
                throw new InvalidOperationException("An inner unit of work was disposed without committing; everything was rolled back.");
            }

            await EndAsync(commit: true, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask RollbackIfOpenAsync()
        {
            if (IsOpen)
            {
                await EndAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
            }
        }

        private async Task EndAsync(bool commit, CancellationToken cancellationToken)
        {
            var transaction = _transaction!;
            IsOpen = false;
            try
            {
                if (commit)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
