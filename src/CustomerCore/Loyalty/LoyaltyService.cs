using CustomerCore.Credit;
using CustomerCore.Merchants;
using CustomerCore.Security;
using CustomerCore.Tickets;

namespace CustomerCore.Loyalty;

/// <summary>
/// Loyalty points on the same append-only ledger as credit: points accrue on completed tickets linked to a customer,
/// follow refunds, voids, detaching and re-attaching, and can be redeemed with an idempotency key. The balance never
/// goes below zero.
/// </summary>
public sealed class LoyaltyService
{
    private readonly CreditService _ledger;
    private readonly IMerchantSettingsProvider _settings;
    private readonly ICustomerCoreAccessContext _access;
    private readonly CustomerErrorDescriber _describer;

    /// <summary>Creates the service; normally resolved from dependency injection.</summary>
    public LoyaltyService(CreditService ledger, IMerchantSettingsProvider settings, ICustomerCoreAccessContext access, CustomerErrorDescriber describer)
    {
        _ledger = ledger;
        _settings = settings;
        _access = access;
        _describer = describer;
    }

    /// <summary>The customer's points balance.</summary>
    public async Task<OperationResult<decimal>> GetBalanceAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        if (!await _access.HasPermissionAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false))
        {
            return OperationResult<decimal>.Failed(_describer.Forbidden(CustomerPermissions.Read));
        }

        return OperationResult<decimal>.Success(await _ledger.GetPointsBalanceAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Spends points (a reward at the till). More than the balance fails with <see cref="CustomerErrorCodes.InsufficientPoints"/>;
    /// the same idempotency key twice redeems once.
    /// </summary>
    public Task<OperationResult<LedgerPosting>> RedeemAsync(
        MerchantId merchantId, Guid customerId, decimal points, LedgerPostingDetails details, CancellationToken cancellationToken = default)
    {
        if (points <= 0m || decimal.Truncate(points) != points)
        {
            return Task.FromResult(OperationResult<LedgerPosting>.Failed(_describer.PointsMustBeWholePositive()));
        }

        return _ledger.PostPointsAsync(merchantId, customerId, -points, details, takeWhatIsAvailable: false, CustomerPermissions.Write, cancellationToken);
    }

    /// <summary>
    /// Brings the points credited for one ticket in line with its current state and customer, posting only the
    /// difference. Called inside the ticket change's unit of work; updates <see cref="TicketLink.PointsAwarded"/> and
    /// <see cref="TicketLink.PointsCustomerId"/> on <paramref name="link"/>, which the caller then saves.
    /// </summary>
    internal async Task<OperationResult> SyncTicketAsync(TicketLink link, CancellationToken cancellationToken)
    {
        var settings = await _settings.GetSettingsAsync(link.MerchantId, cancellationToken).ConfigureAwait(false);
        var target = link.CustomerId is null ? 0m : settings.Loyalty.PointsFor(link.NetSpent);
        var keyPrefix = $"ticket:{link.Id:N}:v{link.Version}";

        // Points earned by a previous customer of the ticket leave with it; what they already spent is not clawed back.
        if (link.PointsCustomerId is { } previous && previous != link.CustomerId && link.PointsAwarded > 0m)
        {
            var reversed = await PostAsync(link, previous, -link.PointsAwarded, keyPrefix + ":out", cancellationToken).ConfigureAwait(false);
            if (!reversed.Succeeded)
            {
                return reversed;
            }

            link.PointsAwarded = 0m;
            link.PointsCustomerId = null;
        }

        if (link.CustomerId is not { } customerId)
        {
            return OperationResult.Success();
        }

        var current = link.PointsCustomerId == customerId ? link.PointsAwarded : 0m;
        var delta = target - current;
        if (delta != 0m)
        {
            var posted = await PostAsync(link, customerId, delta, keyPrefix + ":in", cancellationToken).ConfigureAwait(false);
            if (!posted.Succeeded)
            {
                return posted;
            }

            current += posted.Value!.Entry.Amount;
        }

        link.PointsAwarded = current;
        link.PointsCustomerId = current > 0m ? customerId : null;
        return OperationResult.Success();
    }

    private Task<OperationResult<LedgerPosting>> PostAsync(TicketLink link, Guid customerId, decimal points, string key, CancellationToken cancellationToken) =>
        _ledger.PostPointsAsync(
            link.MerchantId,
            customerId,
            points,
            new LedgerPostingDetails(key) { Reference = link.TicketReference },
            takeWhatIsAvailable: true,
            CustomerPermissions.Write,
            cancellationToken);
}
