using CustomerCore.Auditing;
using CustomerCore.ChangeFeed;

namespace CustomerCore.Stores;

/// <summary>
/// The unit of work every service and host uses. Nesting lives here, once: the outermost unit of work begins a store
/// transaction through the adapter's <see cref="IStoreTransactionFactory"/>; one begun inside it joins; an inner one
/// that ends without committing dooms the outer one. Change-feed and audit entries recorded while it is open are
/// written just before the store transaction commits, so they commit with the change or not at all.
/// </summary>
internal sealed class CustomerCoreUnitOfWork(
    IStoreTransactionFactory transactions,
    IChangeFeedStore feed,
    IAuditTrailStore audit,
    AmbientUnitOfWork ambient) : ICustomerCoreUnitOfWork
{
    /// <remarks>Deliberately not an async method: the ambient unit of work must be set in the caller's execution context.</remarks>
    public Task<ICustomerCoreTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        if (ambient.Current is { } outer)
        {
            return Task.FromResult<ICustomerCoreTransaction>(new JoinedUnit(outer));
        }

        var starting = transactions.BeginAsync(cancellationToken);
        var unit = new OpenUnitOfWork(feed, audit);
        ambient.Enter(unit);
        return StartAsync(unit, starting);
    }

    private static async Task<ICustomerCoreTransaction> StartAsync(OpenUnitOfWork unit, Task<IStoreTransaction> starting)
    {
        try
        {
            unit.Start(await starting.ConfigureAwait(false));
        }
        catch
        {
            unit.Abandon();
            throw;
        }

        return new OuterUnit(unit);
    }

    private sealed class OuterUnit(OpenUnitOfWork unit) : ICustomerCoreTransaction
    {
        public Task CommitAsync(CancellationToken cancellationToken) => unit.CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => unit.RollbackIfOpenAsync();
    }

    private sealed class JoinedUnit(OpenUnitOfWork outer) : ICustomerCoreTransaction
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
}

/// <summary>Remembers the unit of work open in the current async flow, across every scope of one container.</summary>
internal sealed class AmbientUnitOfWork
{
    private readonly AsyncLocal<OpenUnitOfWork?> _current = new();

    public OpenUnitOfWork? Current => _current.Value is { IsOpen: true } open ? open : null;

    /// <remarks>Only called from non-async methods: a value set inside an async method does not flow back to its caller.</remarks>
    public void Enter(OpenUnitOfWork unit) => _current.Value = unit;
}

/// <summary>An outermost unit of work: its store transaction and the feed and audit entries waiting for its commit.</summary>
internal sealed class OpenUnitOfWork(IChangeFeedStore feed, IAuditTrailStore audit)
{
    private readonly List<(ChangeFeedEntry Change, AuditEntry Audit)> _changes = [];
    private IStoreTransaction? _transaction;
    private bool _ended;

    public bool IsOpen => !_ended;

    public bool RollbackOnly { get; set; }

    public void Start(IStoreTransaction transaction) => _transaction = transaction;

    public void Abandon() => _ended = true;

    public void Record(ChangeFeedEntry change, AuditEntry auditEntry) => _changes.Add((change, auditEntry));

    /// <summary>Writes the entries recorded so far (a long unit of work, such as an import, does this per chunk to bound memory).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_changes.Count == 0)
        {
            return;
        }

        foreach (var merchant in _changes.GroupBy(c => c.Change.MerchantId))
        {
            await feed.AppendAsync(merchant.Key, merchant.Select(c => c.Change).ToList(), cancellationToken).ConfigureAwait(false);
        }

        foreach (var (change, auditEntry) in _changes)
        {
            auditEntry.Sequence = change.Sequence;
        }

        await audit.AppendAsync(_changes.Select(c => c.Audit).ToList(), cancellationToken).ConfigureAwait(false);
        _changes.Clear();
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_transaction is null)
        {
            throw new InvalidOperationException("The unit of work has already ended.");
        }

        if (RollbackOnly)
        {
            await EndAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
            throw new InvalidOperationException("An inner unit of work was disposed without committing; everything was rolled back.");
        }

        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await EndAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await EndAsync(commit: true, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RollbackIfOpenAsync()
    {
        if (_transaction is not null)
        {
            await EndAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task EndAsync(bool commit, CancellationToken cancellationToken)
    {
        var transaction = _transaction!;
        _transaction = null;
        _ended = true;
        _changes.Clear();
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
