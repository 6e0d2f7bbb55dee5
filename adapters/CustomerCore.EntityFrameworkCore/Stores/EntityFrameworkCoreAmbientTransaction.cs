using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Remembers the store transaction open in the current async flow so that every store over <typeparamref name="TContext"/>
/// resolved from the same container takes part in it, even one resolved from another scope (and so holding another
/// DbContext). Registered once per container.
/// </summary>
/// <typeparam name="TContext">The DbContext the stores use.</typeparam>
public sealed class EntityFrameworkCoreAmbientTransaction<TContext>
    where TContext : DbContext
{
    private readonly AsyncLocal<OpenTransaction?> _current = new();

    /// <summary>The DbContext a store must use: the one that owns the open store transaction, else its own.</summary>
    internal DbContext ContextFor(TContext own) => _current.Value is { IsOpen: true } open ? open.Context : own;

    internal OpenTransaction? Current => _current.Value is { IsOpen: true } open ? open : null;

    /// <remarks>Only called from non-async methods: a value set inside an async method does not flow back to its caller.</remarks>
    internal void Enter(OpenTransaction transaction) => _current.Value = transaction;

    /// <summary>A database transaction begun by <see cref="EntityFrameworkCoreTransactionFactory{TContext}"/>.</summary>
    internal sealed class OpenTransaction(DbContext context)
    {
        private IDbContextTransaction? _transaction;
        private SemaphoreSlim? _writerTurn;
        private bool _committed;

        public DbContext Context { get; private set; } = context;

        public bool IsOpen { get; private set; }

        /// <summary>Starts the transaction on another DbContext than the one it was made with (a staged transaction's,
        /// which only exists once the stage is made).</summary>
        public Task StartAsync(DbContext context, CancellationToken cancellationToken)
        {
            Context = context;
            return StartAsync(cancellationToken);
        }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _writerTurn = await SqliteWriterQueue.WaitAsync(Context, cancellationToken).ConfigureAwait(false);
            try
            {
                _transaction = await Context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ReleaseWriterTurn();
                throw;
            }

            IsOpen = true;
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (!IsOpen)
            {
                throw new InvalidOperationException("The store transaction has already ended.");
            }

            await EndAsync(commit: true, cancellationToken).ConfigureAwait(false);
            _committed = true;
        }

        public async Task RollbackAsync(CancellationToken cancellationToken)
        {
            if (_committed)
            {
                throw new InvalidOperationException("The store transaction was committed; it can no longer be rolled back.");
            }

            // Rolling back a transaction that already ended without a commit changes nothing, so callers may roll
            // back from a catch block without knowing how far a failed commit got.
            if (IsOpen)
            {
                await EndAsync(commit: false, cancellationToken).ConfigureAwait(false);
            }
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

            // Closed first, so stores stop using this DbContext even when the commit or rollback throws.
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
                ReleaseWriterTurn();
            }
        }

        private void ReleaseWriterTurn() => Interlocked.Exchange(ref _writerTurn, null)?.Release();
    }
}
