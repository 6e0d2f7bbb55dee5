using CustomerCore.Stores;

namespace CustomerCore.InMemory;

/// <summary>Transactions over the in-memory stores: serialized, with rollback by snapshot.</summary>
public sealed class InMemoryTransactionFactory : IStoreTransactionFactory
{
    private readonly InMemoryDatabase _database;

    /// <summary>Creates the factory over a shared database.</summary>
    public InMemoryTransactionFactory(InMemoryDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc />
    public Task<IStoreTransaction> BeginAsync(CancellationToken cancellationToken) => _database.BeginAsync(cancellationToken);
}
