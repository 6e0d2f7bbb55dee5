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
/// Records a committed change twice, as a change-feed entry (what a till needs) and as an audit entry (who changed which
/// fields), in the unit of work open in this flow. Only the customer writer, the ledger poster and the group service call it.
/// </summary>
internal sealed class ChangeRecorder(
    AmbientUnitOfWork ambient,
    ICustomerStore customers,
    ICreditLedgerStore ledger,
    PermissionGuard guard,
    TimeProvider time)
{
    /// <summary>Records a change of a customer that exists after it, with the ledger accounts the snapshot shows.</summary>
    public void RecordCustomer(ChangeKind kind, Customer after, IEnumerable<LedgerAccount> accounts, IReadOnlyList<string> fields, ChangeOrigin? origin) =>
        Record(Open(), after.MerchantId, kind, after.Id, Snapshot(after, accounts), null, fields, origin, time.GetUtcNow());

    /// <summary>Records that a customer is gone (deleted, merged away).</summary>
    public void RecordCustomerRemoved(ChangeKind kind, MerchantId merchantId, Guid customerId, ChangeOrigin? origin) =>
        Record(Open(), merchantId, kind, customerId, null, null, ["Removed"], origin, time.GetUtcNow());

    /// <summary>Records a customer change, reading the customer's ledger balances for the snapshot.</summary>
    public async Task RecordCustomerAsync(
        ChangeKind kind, Customer after, IReadOnlyList<string> fields, ChangeOrigin? origin, CancellationToken cancellationToken)
    {
        var accounts = await ledger.ListAccountsAsync(after.MerchantId, after.Id, cancellationToken).ConfigureAwait(false);
        RecordCustomer(kind, after, accounts, fields, origin);
    }

    /// <summary>Records a balance change of a customer's ledger account, reading the customer for the snapshot.</summary>
    public async Task RecordBalanceAsync(
        ChangeKind kind, MerchantId merchantId, Guid customerId, IReadOnlyList<string> fields, ChangeOrigin? origin, CancellationToken cancellationToken)
    {
        var customer = await customers.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            // A balance may move on a customer removed in the same unit of work (a merge moving it away).
            Record(Open(), merchantId, kind, customerId, null, null, fields, origin, time.GetUtcNow());
            return;
        }

        await RecordCustomerAsync(kind, customer, fields, origin, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a change of a group; <paramref name="after"/> null means it was deleted.</summary>
    public void RecordGroup(ChangeKind kind, MerchantId merchantId, Guid groupId, CustomerGroup? after, IReadOnlyList<string> fields) =>
        Record(Open(), merchantId, kind, groupId, null, after is null ? null : new TillGroupSnapshot(after.Id, after.Name, after.Discount), fields, null, time.GetUtcNow());

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
        };
    }

    private void Record(
        OpenUnitOfWork unit, MerchantId merchantId, ChangeKind kind, Guid entityId, TillCustomerSnapshot? customer, TillGroupSnapshot? group,
        IReadOnlyList<string> fields, ChangeOrigin? origin, DateTimeOffset now)
    {
        unit.Record(
            new ChangeFeedEntry
            {
                MerchantId = merchantId,
                Kind = kind,
                EntityId = entityId,
                OccurredAt = now,
                Customer = customer,
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
            });
    }

    private OpenUnitOfWork Open() =>
        ambient.Current ?? throw new InvalidOperationException("A change must be recorded inside a unit of work.");
}
