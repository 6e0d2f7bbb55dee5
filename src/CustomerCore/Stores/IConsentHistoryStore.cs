using CustomerCore.Privacy;

namespace CustomerCore.Stores;

/// <summary>The append-only history of marketing consent decisions. Entries are never changed or removed.</summary>
public interface IConsentHistoryStore
{
    /// <summary>Appends a decision.</summary>
    Task AppendAsync(ConsentRecord record, CancellationToken cancellationToken);

    /// <summary>Appends many decisions in one round trip (bulk import).</summary>
    Task AppendManyAsync(IReadOnlyCollection<ConsentRecord> records, CancellationToken cancellationToken);

    /// <summary>Every decision recorded for a customer, oldest first.</summary>
    Task<IReadOnlyList<ConsentRecord>> ListAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken);
}
