using CustomerCore.Credit;

namespace CustomerCore.Stores;

/// <summary>What <see cref="ICreditLedgerStore.AppendAsync"/> did.</summary>
public enum LedgerAppendOutcome
{
    /// <summary>The entry was inserted and the account row updated, atomically.</summary>
    Appended = 0,
    /// <summary>The account's stored version differs from the expected one; nothing was written.</summary>
    VersionConflict = 1,
    /// <summary>The merchant already has an entry with this idempotency key; nothing was written.</summary>
    DuplicateIdempotencyKey = 2,
    /// <summary>No such account for the merchant; nothing was written.</summary>
    AccountNotFound = 3,
}

/// <summary>
/// Persists ledger accounts and their append-only entries (credit lines, store credit, later loyalty points).
/// Entries are only ever inserted. The account row caches balance, held amount and version; a store changes it only in
/// <see cref="AppendAsync"/> (together with the entry) or <see cref="UpdateAccountAsync"/>, both guarded by the
/// expected version, so concurrent writers in other processes serialize through that check. Methods return copies.
/// </summary>
public interface ICreditLedgerStore
{
    /// <summary>
    /// Inserts an account; <see cref="StoreWriteOutcome.DuplicateName"/> when the customer already has one of the same
    /// <see cref="LedgerAccount.Kind"/> and <see cref="LedgerAccount.NormalizedName"/>.
    /// </summary>
    Task<StoreWriteOutcome> CreateAccountAsync(LedgerAccount account, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces an account's settings (name, limit, term, active) when the stored version equals
    /// <paramref name="expectedVersion"/>; the account passed in carries the next version and unchanged balance and held amount.
    /// </summary>
    Task<StoreWriteOutcome> UpdateAccountAsync(LedgerAccount account, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Finds an account by id.</summary>
    Task<LedgerAccount?> FindAccountAsync(MerchantId merchantId, Guid accountId, CancellationToken cancellationToken);

    /// <summary>Finds a customer's account by kind and normalized name.</summary>
    Task<LedgerAccount?> FindAccountByNameAsync(
        MerchantId merchantId, Guid customerId, LedgerAccountKind kind, string normalizedName, CancellationToken cancellationToken);

    /// <summary>Every account of a customer, ordered by kind then normalized name.</summary>
    Task<IReadOnlyList<LedgerAccount>> ListAccountsAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken);

    /// <summary>Every account of these customers in one round trip (change-feed snapshots of a bulk import), ordered by
    /// customer id, then kind, then normalized name.</summary>
    Task<IReadOnlyList<LedgerAccount>> ListAccountsAsync(MerchantId merchantId, IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically inserts <paramref name="entry"/> and replaces the account row with <paramref name="account"/> (which carries
    /// the new balance, held amount and version), when the stored version equals <paramref name="expectedVersion"/> and no
    /// entry of the merchant has the entry's idempotency key. Otherwise writes nothing and says why.
    /// </summary>
    Task<LedgerAppendOutcome> AppendAsync(LedgerAccount account, long expectedVersion, LedgerEntry entry, CancellationToken cancellationToken);

    /// <summary>Finds the merchant's entry with this idempotency key.</summary>
    Task<LedgerEntry?> FindEntryByIdempotencyKeyAsync(MerchantId merchantId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>A page of an account's entries with a sequence greater than <paramref name="afterSequence"/>, ordered by sequence.</summary>
    Task<IReadOnlyList<LedgerEntry>> ListEntriesAsync(
        MerchantId merchantId, Guid accountId, long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>The entries whose <see cref="LedgerEntry.HoldId"/> is <paramref name="holdId"/> (the hold and what settled it), ordered by sequence.</summary>
    Task<IReadOnlyList<LedgerEntry>> ListEntriesByHoldAsync(MerchantId merchantId, Guid holdId, CancellationToken cancellationToken);
}
