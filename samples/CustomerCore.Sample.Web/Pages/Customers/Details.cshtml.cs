using CustomerCore.Auditing;
using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Discounts;
using CustomerCore.Groups;
using CustomerCore.Loyalty;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Tickets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CustomerCore.Sample.Web.Pages.Customers;

/// <summary>
/// A customer's profile: contact, consent with its history, group and discount, credit, points, purchases and the
/// audit trail; plus the actions a cashier (attach a ticket, group, discount) or a manager (credit, erase) takes here.
/// </summary>
[Authorize(Policy = "customers.read")]
public sealed class DetailsModel(
    BackOfficeMerchant merchant,
    CustomerService customers,
    CustomerGroupService groups,
    DiscountService discounts,
    TicketLinkService tickets,
    CreditService credit,
    LoyaltyService loyalty,
    CustomerAuditTrail audit,
    CustomerPrivacyService privacy,
    CustomerErrorDescriber describer) : BackOfficePageModel(merchant)
{
    /// <summary>How far back the credit statements on the profile go.</summary>
    private static readonly TimeSpan StatementPeriod = TimeSpan.FromDays(90);

    /// <summary>The customer shown.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>The customer, once loaded.</summary>
    public Customer Customer { get; private set; } = new();

    /// <summary>Every consent change, oldest first.</summary>
    public IReadOnlyList<ConsentRecord> ConsentHistory { get; private set; } = [];

    /// <summary>The merchant's groups, for the group picker.</summary>
    public IReadOnlyList<CustomerGroupSummary> Groups { get; private set; } = [];

    /// <summary>Visits, spend and points.</summary>
    public CustomerStatistics? Statistics { get; private set; }

    /// <summary>The latest tickets, newest first.</summary>
    public IReadOnlyList<TicketLink> Purchases { get; private set; } = [];

    /// <summary>What the customer buys most often.</summary>
    public IReadOnlyList<PurchasedItem> FrequentItems { get; private set; } = [];

    /// <summary>Each credit line with where it stands and its recent statement.</summary>
    public IReadOnlyList<(CreditLineStatus Status, LedgerStatement? Statement)> CreditLines { get; private set; } = [];

    /// <summary>Store credit in the merchant's currency.</summary>
    public StoreCreditBalance? StoreCredit { get; private set; }

    /// <summary>Loyalty points balance.</summary>
    public decimal Points { get; private set; }

    /// <summary>Who changed what and when.</summary>
    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    /// <summary>The merchant's currency for amounts typed on this page.</summary>
    public string Currency => MerchantCurrency;

    /// <summary>The profile.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>Attaches a customer to a sale after it was paid: the POS's report of the ticket, then the link.</summary>
    public async Task<IActionResult> OnPostAttachTicketAsync(string? ticketReference, string? total, string? lines, CancellationToken cancellationToken)
    {
        if (!Allowed(CustomerPermissions.Write))
        {
            return Forbid();
        }

        var amount = MoneyParser.Parse(total, Currency, "Total", describer: describer);
        var lineReports = TicketLineText.Parse(lines, describer, out var lineErrors);
        if (!Check(amount) || lineErrors.Count > 0 || string.IsNullOrWhiteSpace(ticketReference))
        {
            Errors = [.. Errors, .. lineErrors, .. string.IsNullOrWhiteSpace(ticketReference) ? [describer.Required("TicketReference")] : Array.Empty<CustomerError>()];
            return await ReshowAsync(cancellationToken);
        }

        var reported = await tickets.ReportAsync(Merchant, new TicketReport
        {
            TicketReference = ticketReference.Trim(),
            Status = TicketStatus.Completed,
            Total = amount.Value.Amount,
            Currency = Currency,
            LineCount = lineReports.Count,
            Lines = lineReports.Count == 0 ? null : lineReports,
        }, cancellationToken);
        if (Check(reported) && Check(await tickets.AttachAsync(Merchant, ticketReference.Trim(), Id, cancellationToken: cancellationToken)))
        {
            Notice = $"Ticket {ticketReference.Trim()} attached.";
            return RedirectToPage(new { id = Id });
        }

        return await ReshowAsync(cancellationToken);
    }

    /// <summary>Puts the customer in a group, or takes them out of theirs.</summary>
    public async Task<IActionResult> OnPostGroupAsync(long version, Guid? groupId, CancellationToken cancellationToken)
    {
        if (!Allowed(CustomerPermissions.Write))
        {
            return Forbid();
        }

        var changed = groupId is { } group
            ? await groups.AssignCustomerAsync(Merchant, Id, version, group, cancellationToken)
            : await groups.UnassignCustomerAsync(Merchant, Id, version, cancellationToken);
        return Check(changed) ? Done("Group saved.") : await ReshowAsync(cancellationToken);
    }

    /// <summary>Sets the personal discount: a percentage, an amount in the merchant's currency, or none.</summary>
    public async Task<IActionResult> OnPostDiscountAsync(long version, string? kind, string? value, CancellationToken cancellationToken)
    {
        if (!Allowed(CustomerPermissions.Write))
        {
            return Forbid();
        }

        var discount = DiscountForm.Read(kind, value, Currency, describer);
        if (!Check(discount))
        {
            return await ReshowAsync(cancellationToken);
        }

        return Check(await discounts.SetPersonalDiscountAsync(Merchant, Id, version, discount.Value, cancellationToken))
            ? Done("Discount saved.")
            : await ReshowAsync(cancellationToken);
    }

    /// <summary>Opens a credit line (house account) with a limit and payment term; the library asks for credit.post.</summary>
    public async Task<IActionResult> OnPostOpenCreditLineAsync(string? name, string? limit, int termDays, CancellationToken cancellationToken)
    {
        if (!Allowed(CustomerPermissions.CreditPost))
        {
            return Forbid();
        }

        var amount = MoneyParser.Parse(limit, Currency, "Limit", describer: describer);
        if (Check(amount) && Check(await credit.OpenCreditLineAsync(Merchant, Id, new CreditLineInput(name ?? string.Empty, amount.Value, termDays), cancellationToken)))
        {
            return Done("Credit line opened.");
        }

        return await ReshowAsync(cancellationToken);
    }

    /// <summary>Changes a credit line's limit (manager only).</summary>
    public async Task<IActionResult> OnPostCreditLimitAsync(Guid accountId, long accountVersion, string? limit, CancellationToken cancellationToken)
    {
        if (!Allowed(CustomerPermissions.CreditPost))
        {
            return Forbid();
        }

        var account = await credit.GetAccountAsync(Merchant, accountId, cancellationToken);
        var amount = MoneyParser.Parse(limit, Currency, "Limit", describer: describer);
        if (Check(account) && Check(amount)
            && Check(await credit.UpdateCreditLineAsync(Merchant, accountId, accountVersion,
                new CreditLineInput(account.Value!.Name, amount.Value, account.Value.PaymentTermDays, account.Value.IsActive), cancellationToken)))
        {
            return Done("Credit limit changed.");
        }

        return await ReshowAsync(cancellationToken);
    }

    /// <summary>
    /// Posts a charge (a sale on account) or a payment to a credit line. The library refuses a charge past the limit and
    /// a payment past the balance; the form's key makes a double submit post once.
    /// </summary>
    public async Task<IActionResult> OnPostCreditPostingAsync(Guid accountId, string? type, string? amount, string? reference, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!Allowed(CustomerPermissions.CreditPost))
        {
            return Forbid();
        }

        var money = MoneyParser.Parse(amount, Currency, "Amount", describer: describer);
        if (!Check(money))
        {
            return await ReshowAsync(cancellationToken);
        }

        var details = new LedgerPostingDetails(idempotencyKey ?? Guid.NewGuid().ToString("N")) { Reference = reference };
        var posted = type == "payment"
            ? await credit.RecordPaymentAsync(Merchant, accountId, money.Value, details, cancellationToken)
            : await credit.ChargeAsync(Merchant, accountId, money.Value, details, cancellationToken);
        return Check(posted) ? Done(type == "payment" ? "Payment recorded." : "Charge posted.") : await ReshowAsync(cancellationToken);
    }

    /// <summary>Issues store credit (a refund or a gift); the form's key makes a double submit post once.</summary>
    public async Task<IActionResult> OnPostIssueStoreCreditAsync(string? amount, string? note, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!Allowed(CustomerPermissions.CreditPost))
        {
            return Forbid();
        }

        var money = MoneyParser.Parse(amount, Currency, "Amount", describer: describer);
        var details = new LedgerPostingDetails(idempotencyKey ?? Guid.NewGuid().ToString("N")) { Note = note };
        return Check(money) && Check(await credit.IssueStoreCreditAsync(Merchant, Id, money.Value, details, cancellationToken))
            ? Done("Store credit issued.")
            : await ReshowAsync(cancellationToken);
    }

    /// <summary>Erases the customer's personal data; tickets and ledger totals stay.</summary>
    public async Task<IActionResult> OnPostEraseAsync(long version, CancellationToken cancellationToken)
    {
        if (!Allowed(CustomerPermissions.Erase))
        {
            return Forbid();
        }

        return Check(await privacy.EraseAsync(Merchant, Id, version, cancellationToken)) ? Done("Personal data erased.") : await ReshowAsync(cancellationToken);
    }

    private IActionResult Done(string notice)
    {
        Notice = notice;
        return RedirectToPage(new { id = Id });
    }

    private async Task<IActionResult> ReshowAsync(CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await customers.GetAsync(Merchant, Id, cancellationToken);
        if (!found.TryGetValue(out var customer))
        {
            return false;
        }

        Customer = customer;
        ConsentHistory = ValueOr(await customers.GetConsentHistoryAsync(Merchant, Id, cancellationToken), []);
        Groups = ValueOr(await groups.ListAsync(Merchant, cancellationToken), []);
        Statistics = ValueOrNull(await tickets.GetStatisticsAsync(Merchant, Id, cancellationToken));
        Purchases = ValueOrNull(await tickets.GetPurchaseHistoryAsync(Merchant, Id, take: 20, cancellationToken: cancellationToken))?.Items ?? [];
        FrequentItems = ValueOr(await tickets.GetFrequentItemsAsync(Merchant, Id, new PurchaseProfileQuery { Take = 5 }, cancellationToken), []);
        StoreCredit = ValueOrNull(await credit.GetStoreCreditAsync(Merchant, Id, Currency, cancellationToken));
        Points = ValueOr(await loyalty.GetBalanceAsync(Merchant, Id, cancellationToken), 0m);
        History = ValueOr(await audit.ReadAsync(Merchant, Id, cancellationToken), []);

        var lines = new List<(CreditLineStatus, LedgerStatement?)>();
        var now = DateTimeOffset.UtcNow;
        foreach (var account in ValueOr(await credit.ListAccountsAsync(Merchant, Id, cancellationToken), []).Where(a => a.Kind == LedgerAccountKind.CreditLine))
        {
            if (ValueOrNull(await credit.GetCreditLineStatusAsync(Merchant, account.Id, cancellationToken)) is { } status)
            {
                lines.Add((status, ValueOrNull(await credit.GetStatementAsync(Merchant, account.Id, now - StatementPeriod, now.AddMinutes(1), cancellationToken))));
            }
        }

        CreditLines = lines;
        return true;
    }

    private T ValueOr<T>(OperationResult<T> result, T fallback) => Check(result) ? result.Value! : fallback;

    private T? ValueOrNull<T>(OperationResult<T> result)
        where T : class => Check(result) ? result.Value : null;
}
