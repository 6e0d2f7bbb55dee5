using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerCore.ChangeFeed;
using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Security;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerCore.Privacy;

/// <summary>
/// A customer's data rights: erasure (personal fields removed, the books untouched) and subject access (everything
/// held about the customer as one JSON document).
/// </summary>
public sealed partial class CustomerPrivacyService
{
    /// <summary>The name an erased customer is shown with.</summary>
    public const string ErasedDisplayName = "Erased customer";

    private const int PageSize = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly ICustomerStore _customers;
    private readonly IConsentHistoryStore _consent;
    private readonly ITicketLinkStore _tickets;
    private readonly ICreditLedgerStore _ledger;
    private readonly ICustomerMergeStore _merges;
    private readonly IImportBatchStore _imports;
    private readonly IChangeFeedStore _feed;
    private readonly CustomerWriter _writer;
    private readonly ICustomerCoreUnitOfWork _unitOfWork;
    private readonly PermissionGuard _guard;
    private readonly CustomerErrorDescriber _describer;
    private readonly TimeProvider _time;
    private readonly ILogger<CustomerPrivacyService> _logger;

    internal CustomerPrivacyService(
        ICustomerStore customers,
        IConsentHistoryStore consent,
        ITicketLinkStore tickets,
        ICreditLedgerStore ledger,
        ICustomerMergeStore merges,
        IImportBatchStore imports,
        IChangeFeedStore feed,
        CustomerWriter writer,
        ICustomerCoreUnitOfWork unitOfWork,
        PermissionGuard guard,
        CustomerErrorDescriber describer,
        TimeProvider time,
        ILogger<CustomerPrivacyService>? logger = null)
    {
        _customers = customers;
        _consent = consent;
        _tickets = tickets;
        _ledger = ledger;
        _merges = merges;
        _imports = imports;
        _feed = feed;
        _writer = writer;
        _unitOfWork = unitOfWork;
        _guard = guard;
        _describer = describer;
        _time = time;
        _logger = logger ?? NullLogger<CustomerPrivacyService>.Instance;
    }

    /// <summary>
    /// Erases a customer's personal data: names, contact details, address, code, birthday, note and tags are removed and
    /// the customer is shown as <see cref="ErasedDisplayName"/>. The row, its ticket links and its ledger entries stay,
    /// so sales history and balances still add up; the consent history stays as the record of what was agreed. The
    /// customer can no longer be found by any identifying search. The copies kept for undoing merges and imports are
    /// redacted too, so those can no longer be undone for this customer. Ledger notes are staff text about postings and
    /// stay as posted (the ledger is append-only). Needs <see cref="CustomerPermissions.Erase"/>.
    /// </summary>
    public async Task<OperationResult<Customer>> EraseAsync(MerchantId merchantId, Guid customerId, long expectedVersion, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Erase, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<Customer>.Failed(denied);
        }

        var customer = await _customers.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            return OperationResult<Customer>.Failed(_describer.NotFound());
        }

        if (customer.Version != expectedVersion)
        {
            return OperationResult<Customer>.Failed(_describer.VersionConflict());
        }

        var now = _time.GetUtcNow();
        var erased = new Customer
        {
            Id = customer.Id,
            MerchantId = customer.MerchantId,
            DisplayName = ErasedDisplayName,
            GroupId = customer.GroupId,
            PersonalDiscount = customer.PersonalDiscount,
            EmailConsent = customer.EmailConsent,
            SmsConsent = customer.SmsConsent,
            CreatedAt = customer.CreatedAt,
            CreatedBy = customer.CreatedBy,
            UpdatedAt = now,
            ErasedAt = now,
        };
        // Copies kept for undoing merges and imports hold the same personal data, so they go in the same unit of work.
        await using var transaction = await _unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var written = await _writer.UpdateAsync(customer, erased, ChangeKind.CustomerErased, [], null, cancellationToken).ConfigureAwait(false);
        if (!written.Succeeded)
        {
            return written;
        }

        // Earlier feed snapshots hold the personal data too and become tombstones; the erased customer's own entry is
        // written at commit, after this, and holds nothing personal. Duplicates merged into the customer (directly or
        // through a chain of merges) were the same person: their snapshots and kept copies go as well.
        foreach (var id in await SamePersonAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false))
        {
            await _feed.RedactCustomerAsync(merchantId, id, cancellationToken).ConfigureAwait(false);
            await _merges.RedactCustomerAsync(merchantId, id, erased, cancellationToken).ConfigureAwait(false);
            await _imports.RedactCustomerAsync(merchantId, id, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        LogErased(customer.Id, _guard.Actor);
        return OperationResult<Customer>.Success(erased);
    }

    /// <summary>The customer and every customer merged into it, following chains of merges not undone.</summary>
    private async Task<List<Guid>> SamePersonAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken)
    {
        var found = new List<Guid> { customerId };
        var seen = new HashSet<Guid> { customerId };
        for (var next = 0; next < found.Count; next++)
        {
            foreach (var removed in await _merges.ListRemovedIntoAsync(merchantId, found[next], cancellationToken).ConfigureAwait(false))
            {
                if (seen.Add(removed))
                {
                    found.Add(removed);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Everything held about a customer (subject access request) as an indented JSON document: the customer record,
    /// the consent history, every ticket link and every ledger account with its entries. Needs
    /// <see cref="CustomerPermissions.Export"/>.
    /// </summary>
    public async Task<OperationResult<string>> ExportPersonalDataAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Export, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<string>.Failed(denied);
        }

        var customer = await _customers.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            return OperationResult<string>.Failed(_describer.NotFound());
        }

        var tickets = new List<TicketLink>();
        (DateTimeOffset, Guid)? after = null;
        while (true)
        {
            var page = await _tickets.ListByCustomerAsync(merchantId, customerId, after, PageSize, cancellationToken).ConfigureAwait(false);
            tickets.AddRange(page);
            if (page.Count < PageSize)
            {
                break;
            }

            after = (page[^1].SortTime, page[^1].Id);
        }

        var accounts = new List<object>();
        foreach (var account in await _ledger.ListAccountsAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false))
        {
            var entries = new List<LedgerEntry>();
            long afterSequence = 0;
            while (true)
            {
                var page = await _ledger.ListEntriesAsync(merchantId, account.Id, afterSequence, PageSize, cancellationToken).ConfigureAwait(false);
                entries.AddRange(page);
                if (page.Count < PageSize)
                {
                    break;
                }

                afterSequence = page[^1].Sequence;
            }

            accounts.Add(new { account, entries });
        }

        var document = new
        {
            exportedAt = _time.GetUtcNow(),
            merchantId = merchantId.Value,
            customer,
            consentHistory = await _consent.ListAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false),
            tickets,
            ledgerAccounts = accounts,
        };
        return OperationResult<string>.Success(JsonSerializer.Serialize(document, Json));
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Erased the personal data of customer {CustomerId} (by {ActorId})")]
    private partial void LogErased(Guid customerId, string actorId);
}
