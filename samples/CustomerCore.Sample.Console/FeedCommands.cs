using System.Globalization;
using System.Text.Json;
using CustomerCore.Auditing;
using CustomerCore.ChangeFeed;
using CustomerCore.Discounts;
using CustomerCore.Privacy;

namespace CustomerCore.Sample.Console;

/// <summary><c>changes</c> (the merchant's change feed, as a till syncing offline pulls it) and <c>customers history</c> (the audit trail).</summary>
internal static class FeedCommands
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary><c>changes [--after N] [--take N]</c>: the entries after sequence N, oldest first.</summary>
    public static async Task<int> ChangesAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        if (line.Words.Count > 1)
        {
            throw new UsageException($"changes takes no further words ('{line.Words[1]}'); use --after N and --take N.");
        }

        var after = line.LongOption("--after", 0, 0, long.MaxValue);
        var take = line.IntOption("--take", 100, 1, CustomerChangeFeed.MaxPageSize);
        line.RejectUnknownOptions();

        var read = await context.Get<CustomerChangeFeed>().ReadAsync(context.Merchant, after, take, cancellationToken);
        if (!read.Succeeded)
        {
            return context.Fail(read);
        }

        var entries = read.Value!;
        if (context.Json)
        {
            // The array alone: a machine takes the next --after from the last sequence, so nothing else goes on stdout.
            context.WriteJson(entries.Select(ChangeView.From).ToList());
            return 0;
        }

        foreach (var entry in entries)
        {
            context.Out.WriteLine(
                $"{entry.Sequence.ToString(CultureInfo.InvariantCulture),6}  {CamelCase(entry.Kind),-24} {entry.EntityId}  " +
                $"{Utc(entry.OccurredAt)}  {Summary(entry)}");
        }

        var next = entries.Count == 0 ? after : entries[^1].Sequence;
        var more = entries.Count == take ? " (this page is full; more may follow)" : string.Empty;
        context.Out.WriteLine(entries.Count == 0
            ? $"No changes after {after}; poll again with --after {next}."
            : $"Next: --after {next}{more}");
        return 0;
    }

    /// <summary><c>customers history CUSTOMER</c>: who changed the customer, when, how, and which fields (names only).</summary>
    public static async Task<int> HistoryAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var text = CliContext.Word(line, 2, "the customer");
        line.RejectUnknownOptions();
        var trail = context.Get<CustomerAuditTrail>();

        // An id is read straight from the trail: an erased customer is never found by a search, and a customer merged
        // away or removed by an import undo cannot be loaded any more (loading follows the merge), yet their history
        // must stay readable. Only when the trail knows nothing of the id is it resolved, to tell "no such customer"
        // apart from "no recorded changes".
        if (Guid.TryParse(text, out var id))
        {
            var byId = await trail.ReadAsync(context.Merchant, id, cancellationToken);
            if (!byId.Succeeded)
            {
                return context.Fail(byId);
            }

            if (byId.Value!.Count > 0)
            {
                return PrintHistory(context, id, byId.Value);
            }
        }

        var customer = await context.ResolveCustomerAsync(text, cancellationToken);
        var read = await trail.ReadAsync(context.Merchant, customer.Id, cancellationToken);
        return read.Succeeded ? PrintHistory(context, customer.Id, read.Value!) : context.Fail(read);
    }

    private static int PrintHistory(CliContext context, Guid customerId, IReadOnlyList<AuditEntry> entries)
    {
        if (context.Json)
        {
            context.WriteJson(entries.Select(AuditView.From).ToList());
            return 0;
        }

        if (entries.Count == 0)
        {
            context.Out.WriteLine($"No recorded changes for customer {customerId}.");
        }

        foreach (var entry in entries)
        {
            var origin = (entry.ImportBatchId is { } batch ? $"  import {batch}" : string.Empty)
                + (entry.MergeId is { } merge ? $"  merge {merge}" : string.Empty);
            var fields = entry.Fields.Count == 0 ? "-" : string.Join(", ", entry.Fields);
            context.Out.WriteLine($"{Utc(entry.At)}  {entry.Actor}  {CamelCase(entry.Operation),-24} {fields}{origin}");
        }

        return 0;
    }

    /// <summary>A person's view of an entry. Text output may be copied into tickets and chats, so contact details are masked.</summary>
    private static string Summary(ChangeFeedEntry entry)
    {
        if (!entry.IsCustomerChange)
        {
            return entry.Group is { } group
                ? group.Discount is null ? $"group '{group.Name}'" : $"group '{group.Name}' ({group.Discount} off)"
                : "group deleted";
        }

        if (entry.Customer is not { } customer)
        {
            // Removed, merged away, or redacted by an erasure: the till drops the customer.
            return "customer gone (no snapshot)";
        }

        if (customer.Erased)
        {
            return $"erased customer, v{customer.Version}";
        }

        var parts = new List<string> { MaskedName(customer) };
        if (!string.IsNullOrEmpty(customer.Email))
        {
            parts.Add(PersonalDataMask.Email(customer.Email));
        }

        if ((customer.PhoneE164 ?? customer.Phone) is { Length: > 0 } phone)
        {
            parts.Add(PersonalDataMask.Phone(phone));
        }

        if (customer.StoreCredit.Count > 0)
        {
            parts.Add("store credit " + string.Join(", ", customer.StoreCredit.Select(MoneyText.Format)));
        }

        if (customer.Points != 0)
        {
            parts.Add($"{customer.Points.ToString(CultureInfo.InvariantCulture)} points");
        }

        return string.Join(" · ", parts) + $"  v{customer.Version}";
    }

    /// <summary>The display name as chosen for showing; otherwise only initials of the personal names.</summary>
    private static string MaskedName(TillCustomerSnapshot customer)
    {
        if (!string.IsNullOrWhiteSpace(customer.DisplayName))
        {
            return customer.DisplayName;
        }

        var masked = string.Join(' ', new[] { customer.FirstName, customer.LastName, customer.CompanyName }
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(PersonalDataMask.Name));
        return masked.Length == 0 ? "(no name)" : masked;
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static string CamelCase(ChangeKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
}

/// <summary>A change-feed entry in <c>--json</c>; the customer snapshot is shown as the feed holds it, for machines.</summary>
internal sealed record ChangeView(long Sequence, ChangeKind Kind, Guid EntityId, DateTimeOffset OccurredAt, TillCustomerView? Customer, GroupView? Group)
{
    public static ChangeView From(ChangeFeedEntry entry) =>
        new(entry.Sequence, entry.Kind, entry.EntityId, entry.OccurredAt.ToUniversalTime(),
            entry.Customer is null ? null : TillCustomerView.From(entry.Customer),
            entry.Group is { } g ? new GroupView(g.Id, g.Name, g.Discount is { } d ? DiscountView.From(d) : null) : null);
}

/// <summary>A group in <c>--json</c>, so a till applies group discounts offline; null for customer entries and deleted groups.</summary>
internal sealed record GroupView(Guid Id, string Name, DiscountView? Discount);

/// <summary>
/// <see cref="TillCustomerSnapshot"/> with money as <c>{amount, currency}</c> and the discount as its three stored fields,
/// because <see cref="Money"/> and <see cref="Discount"/> also expose computed properties a reader must not depend on.
/// </summary>
internal sealed record TillCustomerView(
    Guid Id,
    long Version,
    string? FirstName,
    string? LastName,
    string? DisplayName,
    string? CompanyName,
    string? Email,
    string? Phone,
    string? PhoneE164,
    string? SecondaryPhoneE164,
    string? CustomerCode,
    string? PostalCode,
    Guid? GroupId,
    DiscountView? PersonalDiscount,
    decimal Points,
    IReadOnlyList<MoneyView> StoreCredit,
    bool Erased)
{
    public static TillCustomerView From(TillCustomerSnapshot s) =>
        new(s.Id, s.Version, s.FirstName, s.LastName, s.DisplayName, s.CompanyName, s.Email, s.Phone, s.PhoneE164, s.SecondaryPhoneE164,
            s.CustomerCode, s.PostalCode, s.GroupId, s.PersonalDiscount is { } d ? DiscountView.From(d) : null,
            s.Points, s.StoreCredit.Select(m => new MoneyView(MoneyText.Amount(m.Amount, m.Currency), m.Currency)).ToList(), s.Erased);
}

/// <summary>An amount of one currency in <c>--json</c>.</summary>
internal sealed record MoneyView(decimal Amount, string Currency);

/// <summary>A discount in <c>--json</c>: <c>kind</c> is <c>percentage</c> (value 12.5 means 12.5 %) or <c>amount</c> (value in <c>currency</c>).</summary>
internal sealed record DiscountView(DiscountKind Kind, decimal Value, string? Currency)
{
    /// <summary>The view of <paramref name="discount"/>; an amount off has its currency's minor units.</summary>
    public static DiscountView From(Discount discount) =>
        new(discount.Kind, discount.Currency is { } currency ? MoneyText.Amount(discount.Value, currency) : discount.Value, discount.Currency);
}

/// <summary>An audit entry in <c>--json</c>: field names only, never values.</summary>
internal sealed record AuditView(long Sequence, DateTimeOffset At, string Actor, ChangeKind Operation, IReadOnlyList<string> Fields, Guid? ImportBatchId, Guid? MergeId)
{
    public static AuditView From(AuditEntry entry) =>
        new(entry.Sequence, entry.At.ToUniversalTime(), entry.Actor, entry.Operation, entry.Fields, entry.ImportBatchId, entry.MergeId);
}
