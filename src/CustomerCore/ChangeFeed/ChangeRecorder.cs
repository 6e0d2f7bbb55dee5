using CustomerCore.Auditing;
using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Groups;
using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.ChangeFeed;

/// <summary>Where a change came from, for the audit trail.</summary>
/// <param name="ImportBatchId">The import batch that made it.</param>
/// <param name="MergeId">The merge (or merge undo) that made it.</param>
internal sealed record ChangeOrigin(Guid? ImportBatchId = null, Guid? MergeId = null);

/// <summary>
/// Records a change twice, as a change-feed entry (what a till needs) and as an audit entry (who changed which fields),
/// in the unit of work open in this flow. The entries are numbered and their till snapshots taken when the unit of work
/// commits, after it has the merchant's turn, so a snapshot never misses a change committed before it. Only the
/// customer writer, the ledger poster and the group service call it.
/// </summary>
internal sealed class ChangeRecorder(AmbientUnitOfWork ambient, PermissionGuard guard, TimeProvider time)
{
    /// <summary>Records a change of a customer this unit of work wrote; <paramref name="after"/> is what it wrote, and
    /// <paramref name="created"/> says it did not exist before (so it has no ledger accounts yet).</summary>
    public void RecordCustomer(ChangeKind kind, Customer after, IReadOnlyList<string> fields, ChangeOrigin? origin, bool created = false) =>
        Record(after.MerchantId, kind, after.Id, PendingState.Written(after, created), null, fields, origin);

    /// <summary>Records that a customer is gone (deleted, merged away).</summary>
    public void RecordCustomerRemoved(ChangeKind kind, MerchantId merchantId, Guid customerId, ChangeOrigin? origin) =>
        Record(merchantId, kind, customerId, PendingState.Removed, null, ["Removed"], origin);

    /// <summary>Records a change about a customer that this unit of work did not write itself (a ledger balance, a
    /// ticket link); the customer is read when the unit of work commits.</summary>
    public void RecordAbout(ChangeKind kind, MerchantId merchantId, Guid customerId, IReadOnlyList<string> fields) =>
        Record(merchantId, kind, customerId, PendingState.Unknown, null, fields, null);

    /// <summary>Records a change of a group; <paramref name="after"/> null means it was deleted.</summary>
    public void RecordGroup(ChangeKind kind, MerchantId merchantId, Guid groupId, CustomerGroup? after, IReadOnlyList<string> fields) =>
        Record(merchantId, kind, groupId, null, after is null ? null : new TillGroupSnapshot(after.Id, after.Name, after.Discount), fields, null);

    /// <summary>
    /// Waits for, then holds until the unit of work ends, the merchant's turn to write: a ledger posting takes it before
    /// reading the account, so concurrent tills queue instead of losing version races.
    /// </summary>
    public Task TakeMerchantTurnAsync(MerchantId merchantId, CancellationToken cancellationToken) =>
        Open().TakeMerchantTurnAsync(merchantId, cancellationToken);

    /// <summary>Writes what was recorded so far in this flow's unit of work (a long one, such as an import, does this per
    /// chunk so memory does not grow with the file).</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => Open().FlushAsync(cancellationToken);

    /// <summary>The till's view of a customer and their balances.</summary>
    public static TillCustomerSnapshot Snapshot(Customer customer, IEnumerable<LedgerAccount> accounts)
    {
        var list = accounts as IReadOnlyCollection<LedgerAccount> ?? accounts.ToList();
        return new TillCustomerSnapshot
        {
            Id = customer.Id,
            Version = customer.Version,
            FirstName = customer.FirstName,
            LastName = customer.LastName,
            DisplayName = customer.DisplayName,
            CompanyName = customer.CompanyName,
            Email = customer.Email,
            Phone = customer.Phone,
            PhoneE164 = customer.PhoneE164,
            SecondaryPhoneE164 = customer.SecondaryPhoneE164,
            CustomerCode = customer.CustomerCode,
            PostalCode = customer.PostalCode,
            GroupId = customer.GroupId,
            PersonalDiscount = customer.PersonalDiscount,
            Points = list.Where(a => a.Kind == LedgerAccountKind.Loyalty).Sum(a => a.Balance),
            StoreCredit = list
                .Where(a => a.Kind == LedgerAccountKind.StoreCredit)
                .OrderBy(a => a.Unit, StringComparer.Ordinal)
                .Select(a => new Money(a.Spendable, a.Unit))
                .ToList(),
            Erased = customer.ErasedAt is not null,
            Preferences = [.. customer.Preferences],
        };
    }

    private void Record(
        MerchantId merchantId, ChangeKind kind, Guid entityId, PendingState? customer, TillGroupSnapshot? group, IReadOnlyList<string> fields, ChangeOrigin? origin)
    {
        var now = time.GetUtcNow();
        Open().Record(new PendingChange(
            new ChangeFeedEntry
            {
                MerchantId = merchantId,
                Kind = kind,
                EntityId = entityId,
                OccurredAt = now,
                Group = group,
            },
            new AuditEntry
            {
                Id = Guid.CreateVersion7(now),
                MerchantId = merchantId,
                EntityId = entityId,
                Operation = kind,
                At = now,
                Actor = guard.Actor,
                Fields = fields,
                ImportBatchId = origin?.ImportBatchId,
                MergeId = origin?.MergeId,
            },
            customer));
    }

    private OpenUnitOfWork Open() =>
        ambient.Current ?? throw new InvalidOperationException("A change must be recorded inside a unit of work.");
}

/// <summary>What a unit of work knows about a customer it recorded a change of.</summary>
/// <param name="Customer">The customer as this unit of work wrote it; null when removed or not written here.</param>
/// <param name="IsKnown">Whether this unit of work wrote or removed the customer (else it is read at commit).</param>
/// <param name="IsNew">Whether this unit of work created the customer (a customer with no ledger accounts yet).</param>
internal sealed record PendingState(Customer? Customer, bool IsKnown, bool IsNew = false)
{
    public static PendingState Removed { get; } = new(null, true);

    public static PendingState Unknown { get; } = new(null, false);

    public static PendingState Written(Customer customer, bool created) => new(customer.Clone(), true, created);
}

/// <summary>A change recorded in a unit of work and not yet written.</summary>
internal sealed record PendingChange(ChangeFeedEntry Entry, AuditEntry Audit, PendingState? Customer);
