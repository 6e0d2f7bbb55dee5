namespace CustomerCore.InMemory;

/// <summary>
/// The shared state behind the in-memory stores. One lock serializes every operation, which keeps the stores
/// simple and thread-safe; a transaction holds the lock from begin to commit and restores a snapshot on rollback.
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

    /// <summary>Starts a transaction, or joins the one this flow already has open.</summary>
    /// <remarks>Deliberately not an async method: the ambient transaction must be set in the caller's execution
    /// context, and values set inside an async method do not flow back out of it.</remarks>
    internal Task<Stores.ICustomerCoreTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        if (_current.Value is { IsOpen: true } outer)
        {
            return Task.FromResult<Stores.ICustomerCoreTransaction>(new JoinedTransaction(outer));
        }

        var transaction = new Transaction(this);
        _current.Value = transaction;
        return AcquireAsync(transaction, cancellationToken);
    }

    private async Task<Stores.ICustomerCoreTransaction> AcquireAsync(Transaction transaction, CancellationToken cancellationToken)
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
        if (!commit || transaction.RollbackOnly)
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

    private sealed class Transaction(InMemoryDatabase database) : Stores.ICustomerCoreTransaction
    {
        public List<(IInMemoryTable, object)> Snapshots { get; set; } = [];
        public bool IsOpen { get; set; }
        public bool RollbackOnly { get; set; }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            if (!IsOpen)
            {
                throw new InvalidOperationException("The transaction has already ended.");
            }

            if (RollbackOnly)
            {
                database.End(this, commit: false);
                throw new InvalidOperationException("An inner unit of work was disposed without committing; everything was rolled back.");
            }

            database.End(this, commit: true);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (IsOpen)
            {
                database.End(this, commit: false);
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class JoinedTransaction(Transaction outer) : Stores.ICustomerCoreTransaction
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

/// <summary>A table that can be snapshotted and restored for transactions.</summary>
internal interface IInMemoryTable
{
    object Snapshot();
    void Restore(object snapshot);
    void Clear();
}
