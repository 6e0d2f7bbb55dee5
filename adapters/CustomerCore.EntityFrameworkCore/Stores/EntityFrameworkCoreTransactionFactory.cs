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
/// <remarks>
/// On a SQLite file, a staged transaction (<see cref="IStagedStoreTransactionFactory"/>, which the importer asks for)
/// writes into a scratch file next to the live one and copies its rows across in one short write transaction at the
/// commit, so an import does not keep tills from writing for its whole length. Elsewhere (PostgreSQL, an in-memory
/// SQLite database, a transaction the host opened) a staged transaction is an ordinary one.
/// </remarks>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
public sealed class EntityFrameworkCoreTransactionFactory<TContext> : IStoreTransactionFactory, IStagedStoreTransactionFactory
    where TContext : DbContext
{
    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;
    private readonly IServiceProvider? _services;

    /// <summary>Creates the factory without staging: staged transactions are ordinary ones.</summary>
    public EntityFrameworkCoreTransactionFactory(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    /// <summary>Creates the factory; normally resolved from dependency injection. <paramref name="services"/> creates
    /// the second <typeparamref name="TContext"/> a staged transaction writes through.</summary>
    public EntityFrameworkCoreTransactionFactory(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient, IServiceProvider services)
        : this(context, ambient)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
    }

    /// <inheritdoc />
    /// <remarks>Deliberately not an async method: the ambient transaction must be set in the caller's execution context.</remarks>
    /// <exception cref="InvalidOperationException">A store transaction is already open in this async flow.</exception>
    public Task<IStoreTransaction> BeginStagedAsync(MerchantId merchantId, IReadOnlyCollection<Guid> existingCustomers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(existingCustomers);
        if (_services is null || _ambient.Current is not null || !SqliteStage<TContext>.CanStage(_context))
        {
            return BeginAsync(cancellationToken);
        }

        // Entered before the stage exists (it is made asynchronously); until it starts, the transaction is not open and
        // the stores keep using their own DbContext.
        var transaction = new EntityFrameworkCoreAmbientTransaction<TContext>.OpenTransaction(_context);
        _ambient.Enter(transaction);
        return StartStagedAsync(_context, _services, merchantId, existingCustomers, transaction, cancellationToken);
    }

    private static async Task<IStoreTransaction> StartStagedAsync(
        TContext live,
        IServiceProvider services,
        MerchantId merchantId,
        IReadOnlyCollection<Guid> existingCustomers,
        EntityFrameworkCoreAmbientTransaction<TContext>.OpenTransaction transaction,
        CancellationToken cancellationToken)
    {
        var stage = await SqliteStage<TContext>.CreateAsync(live, services, merchantId, existingCustomers, cancellationToken).ConfigureAwait(false);
        try
        {
            await transaction.StartAsync(stage.Context, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stage.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new StagedTransaction(transaction, stage);
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

    /// <summary>Writes into the stage; the commit commits the stage and merges it into the live file, and every ending
    /// throws the stage away.</summary>
    private sealed class StagedTransaction(EntityFrameworkCoreAmbientTransaction<TContext>.OpenTransaction transaction, SqliteStage<TContext> stage)
        : IStoreTransaction
    {
        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            try
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                await stage.MergeAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await stage.DisposeAsync().ConfigureAwait(false);
            }
        }

        public async Task RollbackAsync(CancellationToken cancellationToken)
        {
            try
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await stage.DisposeAsync().ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackIfOpenAsync().ConfigureAwait(false);
            await stage.DisposeAsync().ConfigureAwait(false);
        }
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
