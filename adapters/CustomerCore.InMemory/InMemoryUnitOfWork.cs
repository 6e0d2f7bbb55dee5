using CustomerCore.Stores;

namespace CustomerCore.InMemory;

/// <summary>Transactions over the in-memory stores: serialized, with rollback by snapshot.</summary>
public sealed class InMemoryUnitOfWork : ICustomerCoreUnitOfWork
{
    private readonly InMemoryDatabase _database;

    /// <summary>Creates the unit of work over a shared database.</summary>
    public InMemoryUnitOfWork(InMemoryDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc />
    public Task<ICustomerCoreTransaction> BeginAsync(CancellationToken cancellationToken) => _database.BeginAsync(cancellationToken);
}
