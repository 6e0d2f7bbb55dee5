using System.Globalization;
using CustomerCore.Credit;
using CustomerCore.Merchants;
using CustomerCore.Security;
using CustomerCore.Stores;
using CustomerCore.Tickets;

namespace CustomerCore.Loyalty;

/// <summary>
/// The points rules, shared by <see cref="LoyaltyService"/> (redeeming) and <see cref="TicketLinkService"/> (points
/// that follow a ticket): points post through the same ledger path as money (idempotency key, version check, retries)
/// and a reversal never takes the balance below zero.
/// </summary>
internal sealed class LoyaltyPoints(
    LedgerPoster poster,
    ICreditLedgerStore ledger,
    IMerchantSettingsProvider settings,
    CustomerErrorDescriber describer,
    MoneyRules money)
{
    /// <summary>
    /// Posts points: positive points are an <see cref="LedgerEntryType.Issue"/>; negative ones a
    /// <see cref="LedgerEntryType.Redeem"/> (which fails when it asks for more than is spendable) or, with
    /// <paramref name="takeWhatIsAvailable"/>, an <see cref="LedgerEntryType.Adjustment"/> that takes at most the spendable points.
    /// </summary>
    public Task<OperationResult<LedgerPosting>> PostAsync(
        MerchantId merchantId, Guid customerId, decimal points, LedgerPostingDetails details, bool takeWhatIsAvailable, CustomerPermission permission,
        CancellationToken cancellationToken)
    {
        var type = points > 0 ? LedgerEntryType.Issue : takeWhatIsAvailable ? LedgerEntryType.Adjustment : LedgerEntryType.Redeem;
        var target = LedgerPoster.Target(customerId, LedgerAccount.PointsUnit) + "/" + points.ToString(CultureInfo.InvariantCulture);
        return poster.PostAsync(merchantId, type, details, target, null, AmountRule.PositiveWhenGiven,
            ct => poster.FindOrOpenAccountAsync(
                merchantId, customerId, LedgerAccountKind.Loyalty, LedgerAccount.PointsUnit, openIfMissing: points > 0,
                () => describer.InsufficientPoints(0m), ct),
            (account, _, _) =>
            {
                if (points >= 0)
                {
                    return Task.FromResult(LedgerPoster.Draft(points));
                }

                var wanted = -points;
                if (takeWhatIsAvailable)
                {
                    return Task.FromResult(LedgerPoster.Draft(-Math.Min(wanted, Math.Max(0m, account.Spendable))));
                }

                return Task.FromResult(wanted > account.Spendable
                    ? LedgerPoster.Fail(describer.InsufficientPoints(account.Spendable))
                    : LedgerPoster.Draft(-wanted));
            },
            permission,
            cancellationToken);
    }

    /// <summary>The customer's points balance (zero when no points were ever earned).</summary>
    public async Task<decimal> GetBalanceAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken)
    {
        var account = await ledger.FindAccountByNameAsync(merchantId, customerId, LedgerAccountKind.Loyalty, LedgerAccount.PointsUnit, cancellationToken)
            .ConfigureAwait(false);
        return account?.Balance ?? 0m;
    }

    /// <summary>
    /// Brings the points credited for one ticket in line with its current state and customer, posting only the
    /// difference. Called inside the ticket change's unit of work; updates <see cref="TicketLink.PointsAwarded"/> and
    /// <see cref="TicketLink.PointsCustomerId"/> on <paramref name="link"/>, which the caller then saves.
    /// </summary>
    public async Task<OperationResult> SyncTicketAsync(TicketLink link, CancellationToken cancellationToken)
    {
        var merchantSettings = await settings.GetSettingsAsync(link.MerchantId, cancellationToken).ConfigureAwait(false);
        var target = 0m;
        if (link.CustomerId is not null && !merchantSettings.Loyalty.TryPointsFor(link.NetSpent, out target))
        {
            return OperationResult.Failed(describer.AmountTooLarge("Points", money.MaxPostingAmount));
        }

        var keyPrefix = $"ticket:{link.Id:N}:v{link.Version}";

        // Points earned by a previous customer of the ticket leave with it; what they already spent is not clawed back.
        if (link.PointsCustomerId is { } previous && previous != link.CustomerId && link.PointsAwarded > 0m)
        {
            var reversed = await PostForTicketAsync(link, previous, -link.PointsAwarded, keyPrefix + ":out", cancellationToken).ConfigureAwait(false);
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
            var posted = await PostForTicketAsync(link, customerId, delta, keyPrefix + ":in", cancellationToken).ConfigureAwait(false);
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

    private Task<OperationResult<LedgerPosting>> PostForTicketAsync(TicketLink link, Guid customerId, decimal points, string key, CancellationToken cancellationToken) =>
        PostAsync(
            link.MerchantId,
            customerId,
            points,
            new LedgerPostingDetails(key) { Reference = link.TicketReference },
            takeWhatIsAvailable: true,
            CustomerPermissions.Write,
            cancellationToken);
}
