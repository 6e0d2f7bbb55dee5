namespace CustomerCore.InMemory;

/// <summary>
/// The shared state behind the in-memory stores. One lock serializes every operation, which keeps the stores
/// simple and thread-safe; a transaction holds the lock from begin to commit and restores a snapshot on rollback.
/// Nesting is core's business (its unit of work joins inner ones), so this only begins, commits and rolls back.
/// </summary>
public sealed class InMemoryDatabase
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AsyncLocal<Transaction?> _current = new();
    private readonly List<IInMemoryTable> _tables = [];

    /// <summary>Returns the table of type <typeparamref name="TTable"/>, creating it on first use.</summary>
    internal TTable Table<TTable>()
        where TTable : class, IInMemoryTable, new()
    {
        lock (_tables)
        {
            var table = _tables.OfType<TTable>().FirstOrDefault();
            if (table is null)
            {
                table = new TTable();
                _tables.Add(table);
            }

            return table;
        }
    }

    /// <summary>Whether this flow has a transaction open.</summary>
    internal bool InTransaction => _current.Value is { IsOpen: true };

    /// <summary>Runs <paramref name="action"/> under the lock, or directly when this flow already holds it in a transaction.</summary>
    internal async Task<T> RunAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        if (_current.Value is { IsOpen: true })
        {
            return action();
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return action();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts a transaction in this flow.</summary>
    /// <remarks>Deliberately not an async method: the ambient transaction must be set in the caller's execution
    /// context, and values set inside an async method do not flow back out of it.</remarks>
    internal Task<Stores.IStoreTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        if (_current.Value is { IsOpen: true })
        {
            throw new InvalidOperationException("A transaction is already open in this flow; CustomerCore's unit of work joins nested ones before they reach the store.");
        }

        var transaction = new Transaction(this);
        _current.Value = transaction;
        return AcquireAsync(transaction, cancellationToken);
    }

    private async Task<Stores.IStoreTransaction> AcquireAsync(Transaction transaction, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_tables)
        {
            transaction.Snapshots = _tables.Select(t => (t, t.Snapshot())).ToList();
        }

        transaction.IsOpen = true;
        return transaction;
    }

    private void End(Transaction transaction, bool commit)
    {
        if (!commit)
        {
            foreach (var (table, snapshot) in transaction.Snapshots)
            {
                table.Restore(snapshot);
            }

            lock (_tables)
            {
                // Tables created inside the transaction did not exist before it.
                foreach (var table in _tables.Except(transaction.Snapshots.Select(s => s.Item1)).ToList())
                {
                    table.Clear();
                }
            }
        }

        transaction.IsOpen = false;
        _gate.Release();
    }

    private sealed class Transaction(InMemoryDatabase database) : Stores.IStoreTransaction
    {
        public List<(IInMemoryTable, object)> Snapshots { get; set; } = [];
        public bool IsOpen { get; set; }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            if (!IsOpen)
            {
                throw new InvalidOperationException("The transaction has already ended.");
            }

            database.End(this, commit: true);
            return Task.CompletedTask;
        }

        public Task RollbackAsync(CancellationToken cancellationToken)
        {
            if (IsOpen)
            {
                database.End(this, commit: false);
            }

            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => new(RollbackAsync(CancellationToken.None));
    }
}

/// <summary>A table that can be snapshotted and restored for transactions.</summary>
internal interface IInMemoryTable
{
    object Snapshot();
    void Restore(object snapshot);
    void Clear();
}
