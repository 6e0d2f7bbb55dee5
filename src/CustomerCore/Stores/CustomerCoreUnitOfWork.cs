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
    ICustomerStore customers,
    ICreditLedgerStore ledger,
    AmbientUnitOfWork ambient) : ICustomerCoreUnitOfWork
{
    /// <remarks>Deliberately not an async method: the ambient unit of work must be set in the caller's execution context.</remarks>
    public Task<ICustomerCoreTransaction> BeginAsync(CancellationToken cancellationToken) =>
        Begin(transactions => transactions.BeginAsync(cancellationToken));

    /// <summary>
    /// Starts a unit of work whose writes the adapter may stage apart from the live store and merge at commit
    /// (<see cref="IStagedStoreTransactionFactory"/>), for the importer's bulk write; an adapter without that capability
    /// gets an ordinary transaction, and one begun inside an open unit of work joins it.
    /// </summary>
    /// <remarks>Deliberately not an async method, as <see cref="BeginAsync"/>.</remarks>
    public Task<ICustomerCoreTransaction> BeginStagedAsync(
        MerchantId merchantId, IReadOnlyCollection<Guid> existingCustomers, CancellationToken cancellationToken) =>
        Begin(transactions => transactions is IStagedStoreTransactionFactory staged
            ? staged.BeginStagedAsync(merchantId, existingCustomers, cancellationToken)
            : transactions.BeginAsync(cancellationToken));

    private Task<ICustomerCoreTransaction> Begin(Func<IStoreTransactionFactory, Task<IStoreTransaction>> begin)
    {
        if (ambient.Current is { } outer)
        {
            return Task.FromResult<ICustomerCoreTransaction>(new JoinedUnit(outer));
        }

        var starting = begin(transactions);
        var unit = new OpenUnitOfWork(feed, audit, customers, ledger);
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

/// <summary>An outermost unit of work: its store transaction and the changes waiting to be numbered and written.</summary>
internal sealed class OpenUnitOfWork(IChangeFeedStore feed, IAuditTrailStore audit, ICustomerStore customers, ICreditLedgerStore ledger)
{
    private readonly List<PendingChange> _changes = [];
    private readonly HashSet<MerchantId> _turns = [];
    private IStoreTransaction? _transaction;
    private bool _ended;

    public bool IsOpen => !_ended;

    public bool RollbackOnly { get; set; }

    public void Start(IStoreTransaction transaction) => _transaction = transaction;

    public void Abandon() => _ended = true;

    public void Record(PendingChange change) => _changes.Add(change);

    public async Task TakeMerchantTurnAsync(MerchantId merchantId, CancellationToken cancellationToken)
    {
        if (_turns.Add(merchantId))
        {
            await feed.ReserveAsync(merchantId, 0, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Numbers the changes recorded so far, takes their snapshots and writes them with their audit entries. Snapshots are
    /// taken after the numbers are reserved, which holds back every other writer of the merchant, so each snapshot shows
    /// everything committed before it: a customer this unit of work wrote as written (its row is this transaction's until
    /// commit), anything else as read now, balances always as read now.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_changes.Count == 0)
        {
            return;
        }

        foreach (var merchant in _changes.GroupBy(c => c.Entry.MerchantId))
        {
            var changes = merchant.ToList();
            var last = await feed.ReserveAsync(merchant.Key, changes.Count, cancellationToken).ConfigureAwait(false);
            _turns.Add(merchant.Key);
            var sequence = last - changes.Count;
            foreach (var change in changes)
            {
                change.Entry.Sequence = ++sequence;
                change.Audit.Sequence = sequence;
            }

            await TakeSnapshotsAsync(merchant.Key, changes, cancellationToken).ConfigureAwait(false);
            await feed.InsertAsync(changes.Select(c => c.Entry).ToList(), cancellationToken).ConfigureAwait(false);
        }

        await audit.AppendAsync(_changes.Select(c => c.Audit).ToList(), cancellationToken).ConfigureAwait(false);
        _changes.Clear();
    }

    private async Task TakeSnapshotsAsync(MerchantId merchantId, List<PendingChange> changes, CancellationToken cancellationToken)
    {
        var states = new Dictionary<Guid, Customers.Customer?>();
        foreach (var change in changes.Where(c => c.Customer is { IsKnown: true }))
        {
            states[change.Entry.EntityId] = change.Customer!.Customer;
        }

        var unknown = changes.Where(c => c.Customer is { IsKnown: false }).Select(c => c.Entry.EntityId).Where(id => !states.ContainsKey(id)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            var read = (await customers.FindByIdsAsync(merchantId, unknown, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id);
            foreach (var id in unknown)
            {
                states[id] = read.GetValueOrDefault(id);
            }
        }

        // A customer created here and touched by nothing else here has no accounts yet: no need to ask (bulk import).
        var createdOnly = changes.GroupBy(c => c.Entry.EntityId)
            .Where(g => g.All(c => c.Customer is { IsNew: true }))
            .Select(g => g.Key)
            .ToHashSet();
        var present = states.Where(s => s.Value is not null && !createdOnly.Contains(s.Key)).Select(s => s.Key).ToList();
        var accounts = (present.Count == 0 ? [] : await ledger.ListAccountsAsync(merchantId, present, cancellationToken).ConfigureAwait(false))
            .ToLookup(a => a.CustomerId);
        var snapshots = states.Where(s => s.Value is not null)
            .ToDictionary(s => s.Key, s => ChangeFeed.ChangeRecorder.Snapshot(s.Value!, accounts[s.Key]));
        foreach (var change in changes.Where(c => c.Customer is not null))
        {
            change.Entry.Customer = snapshots.GetValueOrDefault(change.Entry.EntityId);
        }
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
        _turns.Clear();
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
