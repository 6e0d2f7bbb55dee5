using CustomerCore.ChangeFeed;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.Customers;

/// <summary>
/// The only code that writes customers. Every write goes through here, whichever service asks for it: the writer stamps
/// the version and timestamps, turns store outcomes into errors, and in the same unit of work appends the consent history,
/// the change-feed entry and the audit entry. A new field, change kind or audit rule therefore touches this one place.
/// </summary>
internal sealed class CustomerWriter(
    ICustomerStore store,
    IConsentHistoryStore consentHistory,
    ICustomerCoreUnitOfWork unitOfWork,
    ChangeRecorder recorder,
    PermissionGuard guard,
    CustomerErrorDescriber describer,
    TimeProvider time)
{
    private static readonly (string Name, Func<Customer, object?> Value)[] TrackedFields =
    [
        (nameof(Customer.FirstName), c => c.FirstName),
        (nameof(Customer.LastName), c => c.LastName),
        (nameof(Customer.DisplayName), c => c.DisplayName),
        (nameof(Customer.CompanyName), c => c.CompanyName),
        (nameof(Customer.Email), c => c.Email),
        (nameof(Customer.Phone), c => c.Phone),
        (nameof(Customer.SecondaryPhone), c => c.SecondaryPhone),
        (nameof(Customer.AddressLine1), c => c.AddressLine1),
        (nameof(Customer.AddressLine2), c => c.AddressLine2),
        (nameof(Customer.HouseNumber), c => c.HouseNumber),
        (nameof(Customer.City), c => c.City),
        (nameof(Customer.Region), c => c.Region),
        (nameof(Customer.PostalCode), c => c.PostalCode),
        (nameof(Customer.Country), c => c.Country),
        (nameof(Customer.CustomerCode), c => c.CustomerCode),
        (nameof(Customer.Birthday), c => c.Birthday),
        (nameof(Customer.Note), c => c.Note),
        (nameof(Customer.GroupId), c => c.GroupId),
        (nameof(Customer.PersonalDiscount), c => c.PersonalDiscount),
        (nameof(Customer.Tags), c => string.Join('\u001f', c.Tags)),
        (nameof(Customer.Preferences), c => string.Join('\u001f', c.Preferences.Select(p => p.Name + '\u001e' + p.Value))),
        (nameof(Customer.EmailConsent), c => c.EmailConsent),
        (nameof(Customer.SmsConsent), c => c.SmsConsent),
        (nameof(Customer.ErasedAt), c => c.ErasedAt),
    ];

    /// <summary>
    /// Inserts <paramref name="customer"/> at the version after the one it carries (1 for a new customer; a customer
    /// restored by an undo continues from the version it had).
    /// </summary>
    public async Task<OperationResult<Customer>> CreateAsync(
        Customer customer, ChangeKind kind, IReadOnlyCollection<ConsentRecord> consents, ChangeOrigin? origin, CancellationToken cancellationToken)
    {
        Stamp(customer, customer.Version);
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await store.CreateAsync(customer, cancellationToken).ConfigureAwait(false);
        if (outcome != StoreWriteOutcome.Success)
        {
            return await NothingWrittenAsync<Customer>(transaction, outcome, cancellationToken).ConfigureAwait(false);
        }

        await AppendConsentsAsync(consents, cancellationToken).ConfigureAwait(false);
        // A customer restored by an undo may find its old ledger accounts again, so only a first version counts as new.
        recorder.RecordCustomer(kind, customer, FieldsOf(null, customer), origin, created: customer.Version == 1);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return OperationResult<Customer>.Success(customer);
    }

    /// <summary>
    /// Replaces <paramref name="previous"/> (as read, whose version the store must still hold) with
    /// <paramref name="changed"/>, which may be the same object changed in place.
    /// </summary>
    public async Task<OperationResult<Customer>> UpdateAsync(
        Customer previous, Customer changed, ChangeKind kind, IReadOnlyCollection<ConsentRecord> consents, ChangeOrigin? origin,
        CancellationToken cancellationToken)
    {
        var fields = FieldsOf(previous, changed);
        var versionRead = previous.Version;
        Stamp(changed, versionRead);
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await store.UpdateAsync(changed, versionRead, cancellationToken).ConfigureAwait(false);
        if (outcome != StoreWriteOutcome.Success)
        {
            return await NothingWrittenAsync<Customer>(transaction, outcome, cancellationToken).ConfigureAwait(false);
        }

        await AppendConsentsAsync(consents, cancellationToken).ConfigureAwait(false);
        recorder.RecordCustomer(kind, changed, fields, origin);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return OperationResult<Customer>.Success(changed);
    }

    /// <summary>Removes <paramref name="customer"/> (as read, whose version the store must still hold).</summary>
    public async Task<OperationResult> DeleteAsync(Customer customer, ChangeKind kind, ChangeOrigin? origin, CancellationToken cancellationToken)
    {
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await store.DeleteAsync(customer.MerchantId, customer.Id, customer.Version, cancellationToken).ConfigureAwait(false);
        if (outcome != StoreWriteOutcome.Success)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return OperationResult.Failed(OutcomeError(outcome));
        }

        recorder.RecordCustomerRemoved(kind, customer.MerchantId, customer.Id, origin);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return OperationResult.Success();
    }

    /// <summary>
    /// Writes many creates and updates of one merchant in one store round trip (bulk import), with their consent records,
    /// inside the caller's unit of work. On failure nothing of the batch is written and the result names the index of the
    /// write that failed when the store can tell.
    /// </summary>
    public async Task<(CustomerError? Error, int? FailedIndex)> WriteBatchAsync(
        IReadOnlyList<(Customer? Before, Customer After)> writes, IReadOnlyCollection<ConsentRecord> consents, ChangeKind kind, ChangeOrigin? origin,
        CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return (null, null);
        }

        var storeWrites = new List<CustomerWrite>(writes.Count);
        foreach (var (before, after) in writes)
        {
            Stamp(after, before?.Version ?? 0);
            storeWrites.Add(new CustomerWrite(after, before?.Version));
        }

        await using var transaction = await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var written = await store.WriteBatchAsync(storeWrites, cancellationToken).ConfigureAwait(false);
        if (written.Outcome != StoreWriteOutcome.Success)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (OutcomeError(written.Outcome), written.FailedIndex);
        }

        await consentHistory.AppendManyAsync(consents, cancellationToken).ConfigureAwait(false);
        foreach (var (before, after) in writes)
        {
            recorder.RecordCustomer(kind, after, FieldsOf(before, after), origin, created: before is null);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (null, null);
    }

    /// <summary>The error a store outcome means for a customer write.</summary>
    public CustomerError OutcomeError(StoreWriteOutcome outcome) => outcome switch
    {
        StoreWriteOutcome.DuplicateEmail => describer.DuplicateEmail(),
        StoreWriteOutcome.DuplicateCustomerCode => describer.DuplicateCustomerCode(),
        StoreWriteOutcome.VersionConflict => describer.VersionConflict(),
        StoreWriteOutcome.NotFound => describer.NotFound(),
        _ => throw new InvalidOperationException($"Unexpected store outcome {outcome}."),
    };

    /// <summary>The names of the fields that differ between two states of a customer (every filled field for a new one).</summary>
    public static IReadOnlyList<string> FieldsOf(Customer? before, Customer after)
    {
        var fields = new List<string>();
        foreach (var (name, value) in TrackedFields)
        {
            var now = value(after);
            var then = before is null ? null : value(before);
            if (before is null ? !IsEmpty(now) : !Equals(now, then))
            {
                fields.Add(name);
            }
        }

        return fields;
    }

    // The store wrote nothing, so agreeing to the unit of work is safe and leaves an outer one usable (a caller may retry).
    private async Task<OperationResult<T>> NothingWrittenAsync<T>(ICustomerCoreTransaction transaction, StoreWriteOutcome outcome, CancellationToken cancellationToken)
    {
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return OperationResult<T>.Failed(OutcomeError(outcome));
    }

    private static bool IsEmpty(object? value) => value is null || value is "" || value is ConsentState { Status: ConsentStatus.Unknown };

    private void Stamp(Customer customer, long versionRead)
    {
        var now = time.GetUtcNow();
        customer.Version = versionRead + 1;
        customer.UpdatedAt = now;
        customer.UpdatedBy = guard.Actor;
        if (customer.CreatedAt == default)
        {
            customer.CreatedAt = now;
            customer.CreatedBy = guard.Actor;
        }
    }

    private async Task AppendConsentsAsync(IReadOnlyCollection<ConsentRecord> consents, CancellationToken cancellationToken)
    {
        foreach (var record in consents)
        {
            await consentHistory.AppendAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }
}
