using CustomerCore.Customers;

namespace CustomerCore.Stores;

/// <summary>
/// Persists customers. Keys arrive already normalized by the service (see <see cref="TextNormalizer"/>); a store
/// compares them as given. Every method is scoped to one merchant. Lists are ordered by <see cref="Customer.Id"/>.
/// Methods return copies: changing a returned customer changes nothing until it is passed to <see cref="UpdateAsync"/>.
/// </summary>
public interface ICustomerStore
{
    /// <summary>Inserts a new customer. Fails with a duplicate outcome when its normalized email or code is taken.</summary>
    Task<StoreWriteOutcome> CreateAsync(Customer customer, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a customer when the stored version equals <paramref name="expectedVersion"/>;
    /// the customer passed in already carries the next version.
    /// </summary>
    Task<StoreWriteOutcome> UpdateAsync(Customer customer, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts and replaces many customers in one round trip (bulk import). Either every write is done, or none is and
    /// the result names the first write that failed when the store can tell. Updates carry the next version and name the
    /// version they expect, as in <see cref="UpdateAsync"/>. Every write of one batch belongs to the same merchant.
    /// </summary>
    /// <exception cref="ArgumentException">The writes belong to more than one merchant.</exception>
    Task<CustomerBatchWriteResult> WriteBatchAsync(IReadOnlyList<CustomerWrite> writes, CancellationToken cancellationToken);

    /// <summary>Removes a customer when the stored version equals <paramref name="expectedVersion"/>.</summary>
    Task<StoreWriteOutcome> DeleteAsync(MerchantId merchantId, Guid customerId, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Finds a customer by id.</summary>
    Task<Customer?> FindByIdAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken);

    /// <summary>Finds customers by id; missing ids are left out.</summary>
    Task<IReadOnlyList<Customer>> FindByIdsAsync(MerchantId merchantId, IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken);

    /// <summary>Finds the customer with this normalized email.</summary>
    Task<Customer?> FindByNormalizedEmailAsync(MerchantId merchantId, string normalizedEmail, CancellationToken cancellationToken);

    /// <summary>Finds the customers with these normalized emails, in one round trip (used by bulk import).</summary>
    Task<IReadOnlyList<Customer>> FindByNormalizedEmailsAsync(MerchantId merchantId, IReadOnlyCollection<string> normalizedEmails, CancellationToken cancellationToken);

    /// <summary>Finds the customer with this normalized customer code.</summary>
    Task<Customer?> FindByNormalizedCustomerCodeAsync(MerchantId merchantId, string normalizedCode, CancellationToken cancellationToken);

    /// <summary>Finds the customers with these normalized customer codes, in one round trip (used by bulk import).</summary>
    Task<IReadOnlyList<Customer>> FindByNormalizedCustomerCodesAsync(MerchantId merchantId, IReadOnlyCollection<string> normalizedCodes, CancellationToken cancellationToken);

    /// <summary>Customers whose main or secondary phone is one of these E.164 numbers, in one round trip (used by bulk import).</summary>
    Task<IReadOnlyList<Customer>> FindByPhonesAsync(MerchantId merchantId, IReadOnlyCollection<string> e164Numbers, CancellationToken cancellationToken);

    /// <summary>Customers whose main or secondary phone is exactly this E.164 number.</summary>
    Task<IReadOnlyList<Customer>> FindByPhoneAsync(MerchantId merchantId, string e164, int limit, CancellationToken cancellationToken);

    /// <summary>Customers whose main or secondary phone in E.164 starts with <paramref name="e164Prefix"/> (a <c>+</c>
    /// and at least three digits): the till's type-ahead. The first <paramref name="limit"/> in phone order — by the
    /// main phone when it matches, else the secondary one — then by id, so an index on each phone column can stop after
    /// <paramref name="limit"/> entries.</summary>
    Task<IReadOnlyList<Customer>> FindByPhonePrefixAsync(MerchantId merchantId, string e164Prefix, int limit, CancellationToken cancellationToken);

    /// <summary>Customers whose main phone's reversed digits start with <paramref name="reversedDigitsPrefix"/>
    /// (that is, whose phone ends with the digits typed).</summary>
    Task<IReadOnlyList<Customer>> FindByPhoneSuffixAsync(MerchantId merchantId, string reversedDigitsPrefix, int limit, CancellationToken cancellationToken);

    /// <summary>Customers with this normalized postal code.</summary>
    Task<IReadOnlyList<Customer>> FindByPostalCodeAsync(MerchantId merchantId, string normalizedPostalCode, int limit, CancellationToken cancellationToken);

    /// <summary>Customers for whom every prefix starts at least one of their <see cref="Customer.NameTokens"/>.</summary>
    Task<IReadOnlyList<Customer>> FindByNameTokensAsync(MerchantId merchantId, IReadOnlyList<string> tokenPrefixes, int limit, CancellationToken cancellationToken);

    /// <summary>A page of all the merchant's customers with an id greater than <paramref name="afterId"/> (keyset paging, for export).</summary>
    Task<IReadOnlyList<Customer>> ListAsync(MerchantId merchantId, Guid? afterId, int limit, CancellationToken cancellationToken);
}
