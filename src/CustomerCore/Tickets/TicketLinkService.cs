using System.Globalization;
using CustomerCore.Customers;
using CustomerCore.Loyalty;
using CustomerCore.Merchants;
using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.Tickets;

/// <summary>
/// Links customers to the POS's sales tickets: before payment, during the sale, or afterwards on a past receipt;
/// records ticket state reported by the POS; derives visit statistics and purchase history from the links.
/// </summary>
public sealed partial class TicketLinkService
{
    /// <summary>The longest ticket reference accepted.</summary>
    public const int ReferenceMaxLength = 128;

    private readonly ITicketLinkStore _tickets;
    private readonly ICustomerStore _customers;
    private readonly IMerchantSettingsProvider _settings;
    private readonly PermissionGuard _guard;
    private readonly CustomerErrorDescriber _describer;
    private readonly TimeProvider _time;
    private readonly LoyaltyPoints _points;
    private readonly TicketLinkWriter _writer;
    private readonly MoneyRules _money;
    private readonly ICustomerItemTotalStore _itemTotals;

    internal TicketLinkService(
        ITicketLinkStore tickets,
        ICustomerStore customers,
        IMerchantSettingsProvider settings,
        PermissionGuard guard,
        CustomerErrorDescriber describer,
        TimeProvider time,
        LoyaltyPoints points,
        TicketLinkWriter writer,
        MoneyRules money,
        ICustomerItemTotalStore itemTotals)
    {
        _itemTotals = itemTotals;
        _money = money;
        _points = points;
        _writer = writer;
        _tickets = tickets;
        _customers = customers;
        _settings = settings;
        _guard = guard;
        _describer = describer;
        _time = time;
    }

    /// <summary>
    /// Records the ticket's current state as the POS reports it (created on first report). Idempotent: the same state
    /// twice changes nothing. States only move forward (open → completed → partially refunded → refunded, or
    /// open → voided) and refunds only grow.
    /// </summary>
    public async Task<OperationResult<TicketLink>> ReportAsync(MerchantId merchantId, TicketReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Write, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<TicketLink>.Failed(denied);
        }

        var errors = Validate(report);
        if (errors.Count > 0)
        {
            return OperationResult<TicketLink>.Failed(errors);
        }

        var reference = report.TicketReference.Trim();
        var refunded = report.Status == TicketStatus.Refunded && report.RefundedAmount == 0 ? report.Total : report.RefundedAmount;
        var now = _time.GetUtcNow();
        var existing = await _tickets.FindByReferenceAsync(merchantId, reference, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var link = new TicketLink
            {
                Id = Guid.CreateVersion7(now),
                MerchantId = merchantId,
                TicketReference = reference,
                LocationId = report.LocationId?.Trim(),
                Status = report.Status,
                Total = report.Total,
                RefundedAmount = refunded,
                Currency = report.Currency.Trim().ToUpperInvariant(),
                LineCount = LineCountOf(report),
                Lines = ResolveLines(report),
                OpenedAt = report.OpenedAt ?? now,
                CompletedAt = report.Status is TicketStatus.Open or TicketStatus.Voided ? null : report.CompletedAt ?? now,
                UpdatedAt = now,
                Version = 1,
            };
            var created = await _tickets.CreateAsync(link, cancellationToken).ConfigureAwait(false);
            return created switch
            {
                StoreWriteOutcome.Success => OperationResult<TicketLink>.Success(link),
                // Another till reported the same ticket first; apply this report on top of theirs.
                StoreWriteOutcome.DuplicateKey => await ReportAsync(merchantId, report, cancellationToken).ConfigureAwait(false),
                _ => OperationResult<TicketLink>.Failed(_describer.VersionConflict()),
            };
        }

        var transition = TransitionError(existing, report, refunded) ?? LinesTransitionError(existing, report);
        if (transition is not null)
        {
            return OperationResult<TicketLink>.Failed(transition);
        }

        var changed = existing.Clone();
        changed.Status = report.Status;
        changed.Total = report.Total;
        changed.RefundedAmount = refunded;
        if (report.Lines is { Count: > 0 })
        {
            changed.Lines = ResolveLines(report);
        }

        // A status-only report from a till that never sends lines leaves the recorded lines and their count alone.
        changed.LineCount = report.Lines is { Count: > 0 } || report.LineCount != 0 || existing.Lines.Count == 0 ? LineCountOf(report) : existing.LineCount;
        changed.LocationId = report.LocationId?.Trim() ?? existing.LocationId;
        if (changed.CompletedAt is null && report.Status is not (TicketStatus.Open or TicketStatus.Voided))
        {
            changed.CompletedAt = report.CompletedAt ?? now;
        }

        if (SameState(existing, changed))
        {
            return OperationResult<TicketLink>.Success(existing);
        }

        return await SaveAsync(existing, changed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Links a customer to a ticket. Works before payment, during the sale, and after it within the merchant's
    /// <see cref="MerchantSettings.TicketAttachWindow"/>. A ticket has at most one customer: attaching a different one
    /// fails unless <see cref="AttachOptions.MoveFromAnotherCustomer"/> is set, which moves the ticket's history and points.
    /// </summary>
    public async Task<OperationResult<TicketLink>> AttachAsync(
        MerchantId merchantId, string ticketReference, Guid customerId, AttachOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticketReference);
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Write, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<TicketLink>.Failed(denied);
        }

        var link = await _tickets.FindByReferenceAsync(merchantId, ticketReference.Trim(), cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return OperationResult<TicketLink>.Failed(_describer.NotFound(NotFoundSubject.Ticket));
        }

        if (await _customers.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return OperationResult<TicketLink>.Failed(_describer.NotFound());
        }

        if (link.CustomerId == customerId)
        {
            return OperationResult<TicketLink>.Success(link);
        }

        if (link.CustomerId is not null && options?.MoveFromAnotherCustomer != true)
        {
            return OperationResult<TicketLink>.Failed(_describer.TicketAlreadyAttached());
        }

        var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (link.CompletedAt is { } paid && now - paid > settings.TicketAttachWindow)
        {
            return OperationResult<TicketLink>.Failed(_describer.AttachWindowExpired((int)settings.TicketAttachWindow.TotalDays));
        }

        var changed = link.Clone();
        changed.CustomerId = customerId;
        changed.AttachedAt = now;
        return await SaveAsync(link, changed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unlinks the customer from a ticket; the ticket's spend and points leave their profile.</summary>
    public async Task<OperationResult<TicketLink>> DetachAsync(MerchantId merchantId, string ticketReference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticketReference);
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Write, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<TicketLink>.Failed(denied);
        }

        var link = await _tickets.FindByReferenceAsync(merchantId, ticketReference.Trim(), cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return OperationResult<TicketLink>.Failed(_describer.NotFound(NotFoundSubject.Ticket));
        }

        if (link.CustomerId is null)
        {
            return OperationResult<TicketLink>.Success(link);
        }

        var changed = link.Clone();
        changed.CustomerId = null;
        changed.AttachedAt = null;
        return await SaveAsync(link, changed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds a ticket link by the POS reference.</summary>
    public async Task<OperationResult<TicketLink>> GetAsync(MerchantId merchantId, string ticketReference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticketReference);
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<TicketLink>.Failed(denied);
        }

        var link = await _tickets.FindByReferenceAsync(merchantId, ticketReference.Trim(), cancellationToken).ConfigureAwait(false);
        return link is null ? OperationResult<TicketLink>.Failed(_describer.NotFound(NotFoundSubject.Ticket)) : OperationResult<TicketLink>.Success(link);
    }

    /// <summary>First and last visit, visit count and total spent, computed from the customer's ticket links.</summary>
    public async Task<OperationResult<TicketAggregate>> GetVisitsAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<TicketAggregate>.Failed(denied);
        }

        var aggregate = await _tickets.AggregateAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        return OperationResult<TicketAggregate>.Success(aggregate);
    }

    /// <summary>
    /// The customer's profile statistics: first and last visit, visit count and total spent (from the ticket links) and
    /// the points balance (from the loyalty ledger).
    /// </summary>
    public async Task<OperationResult<CustomerStatistics>> GetStatisticsAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken = default)
    {
        var visits = await GetVisitsAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        if (!visits.Succeeded)
        {
            return OperationResult<CustomerStatistics>.Failed(visits.Errors);
        }

        var points = await _points.GetBalanceAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        var v = visits.Value!;
        return OperationResult<CustomerStatistics>.Success(new CustomerStatistics(v.FirstVisit, v.LastVisit, v.VisitCount, v.SpentByCurrency, points));
    }

    /// <summary>A page of the customer's tickets, newest first. Pass <see cref="PurchaseHistoryPage.NextCursor"/> back for the next page.</summary>
    public async Task<OperationResult<PurchaseHistoryPage>> GetPurchaseHistoryAsync(
        MerchantId merchantId, Guid customerId, string? cursor = null, int take = 20, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<PurchaseHistoryPage>.Failed(denied);
        }

        if (take is < 1 or > 100)
        {
            return OperationResult<PurchaseHistoryPage>.Failed(_describer.ValueOutOfRange("take", 1, 100));
        }

        (DateTimeOffset, Guid)? after = null;
        if (cursor is not null)
        {
            if (!TryReadCursor(cursor, out var position))
            {
                return OperationResult<PurchaseHistoryPage>.Failed(_describer.InvalidCursor("cursor"));
            }

            after = position;
        }

        var items = await _tickets.ListByCustomerAsync(merchantId, customerId, after, take + 1, cancellationToken).ConfigureAwait(false);
        var page = items.Take(take).ToList();
        var next = items.Count > take ? WriteCursor(page[^1]) : null;
        return OperationResult<PurchaseHistoryPage>.Success(new PurchaseHistoryPage(page, next));
    }

    // Points move with the ticket in the same unit of work, so the ledger and the link never disagree.
    private Task<OperationResult<TicketLink>> SaveAsync(TicketLink previous, TicketLink changed, CancellationToken cancellationToken) =>
        _writer.SaveAsync(previous, changed, _points.SyncTicketAsync, cancellationToken);

    private List<CustomerError> Validate(TicketReport report)
    {
        var errors = new List<CustomerError>();
        var reference = report.TicketReference?.Trim();
        if (TextHygiene.Check(report.TicketReference, nameof(TicketReport.TicketReference), TextLayout.SingleLine, _describer) is { } controlCharacter)
        {
            errors.Add(controlCharacter);
        }
        else if (string.IsNullOrEmpty(reference))
        {
            errors.Add(_describer.Required(nameof(TicketReport.TicketReference)));
        }
        else if (reference.Length > ReferenceMaxLength)
        {
            errors.Add(_describer.TooLong(nameof(TicketReport.TicketReference), ReferenceMaxLength));
        }

        if (TextHygiene.Check(report.LocationId, nameof(TicketReport.LocationId), TextLayout.SingleLine, _describer) is { } locationControlCharacter)
        {
            errors.Add(locationControlCharacter);
        }
        else if (report.LocationId?.Trim().Length > ReferenceMaxLength)
        {
            errors.Add(_describer.TooLong(nameof(TicketReport.LocationId), ReferenceMaxLength));
        }

        var currencyError = _money.CurrencyError(report.Currency, nameof(TicketReport.Currency));
        if (currencyError is not null)
        {
            errors.Add(currencyError);
        }

        // Without a currency its minor unit is unknown; the decimal places are checked once the currency is right.
        var currency = report.Currency?.Trim() ?? string.Empty;
        if (report.Total < 0)
        {
            errors.Add(_describer.ValueMustNotBeNegative(nameof(TicketReport.Total)));
        }
        else if (currencyError is null
            && _money.AmountError(report.Total, currency, nameof(TicketReport.Total), mustBePositive: false, _money.MaxPostingAmount) is { } totalError)
        {
            errors.Add(totalError);
        }

        if (report.RefundedAmount < 0 || report.RefundedAmount > report.Total)
        {
            errors.Add(_describer.RefundOutOfRange(nameof(TicketReport.RefundedAmount)));
        }
        else if (currencyError is null
            && _money.AmountError(report.RefundedAmount, currency, nameof(TicketReport.RefundedAmount), mustBePositive: false, maximum: null) is { } refundError)
        {
            errors.Add(refundError);
        }

        if (report.LineCount < 0)
        {
            errors.Add(_describer.ValueMustNotBeNegative(nameof(TicketReport.LineCount)));
        }

        ValidateLines(report, currencyError is null ? currency : null, errors);

        if (!Enum.IsDefined(report.Status))
        {
            errors.Add(_describer.UnknownValue(nameof(TicketReport.Status), report.Status.ToString()));
        }
        else if (report.Status == TicketStatus.PartiallyRefunded && (report.RefundedAmount <= 0 || report.RefundedAmount >= report.Total))
        {
            errors.Add(_describer.PartialRefundOutOfRange(nameof(TicketReport.RefundedAmount)));
        }
        else if (report.Status is TicketStatus.Open or TicketStatus.Completed or TicketStatus.Voided && report.RefundedAmount != 0)
        {
            errors.Add(_describer.RefundOnUnrefundedTicket(nameof(TicketReport.RefundedAmount)));
        }

        return errors;
    }

    private CustomerError? TransitionError(TicketLink existing, TicketReport report, decimal refunded)
    {
        var allowed = existing.Status switch
        {
            TicketStatus.Open => true,
            TicketStatus.Completed => report.Status is TicketStatus.Completed or TicketStatus.PartiallyRefunded or TicketStatus.Refunded,
            TicketStatus.PartiallyRefunded => report.Status is TicketStatus.PartiallyRefunded or TicketStatus.Refunded,
            TicketStatus.Refunded => report.Status == TicketStatus.Refunded,
            TicketStatus.Voided => report.Status == TicketStatus.Voided,
            _ => false,
        };
        var paid = existing.Status is not (TicketStatus.Open or TicketStatus.Voided);
        var currencyChanged = !string.Equals(existing.Currency, report.Currency.Trim(), StringComparison.OrdinalIgnoreCase);
        if (!allowed || refunded < existing.RefundedAmount || (paid && report.Total != existing.Total) || currencyChanged)
        {
            return _describer.InvalidTicketTransition(existing.Status.ToString(), report.Status.ToString());
        }

        return null;
    }

    private static bool SameState(TicketLink a, TicketLink b) =>
        a.Status == b.Status && a.Total == b.Total && a.RefundedAmount == b.RefundedAmount &&
        a.LineCount == b.LineCount && a.LocationId == b.LocationId && a.CompletedAt == b.CompletedAt && a.Lines.SequenceEqual(b.Lines);

    private static string WriteCursor(TicketLink last) =>
        string.Create(CultureInfo.InvariantCulture, $"{last.SortTime.UtcTicks}.{last.Id:N}");

    private static bool TryReadCursor(string cursor, out (DateTimeOffset, Guid) position)
    {
        position = default;
        var dot = cursor.IndexOf('.');
        if (dot <= 0 || !long.TryParse(cursor.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks || !Guid.TryParseExact(cursor.AsSpan(dot + 1), "N", out var id))
        {
            return false;
        }

        position = (new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
