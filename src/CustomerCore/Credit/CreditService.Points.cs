using System.Globalization;
using CustomerCore.Security;

namespace CustomerCore.Credit;

public sealed partial class CreditService
{
    /// <summary>
    /// Posts loyalty points through the same ledger path as money: idempotency key, version check, retries. Positive
    /// points are an <see cref="LedgerEntryType.Issue"/>; negative ones a <see cref="LedgerEntryType.Redeem"/> (which
    /// fails when it asks for more than is spendable) or, with <paramref name="takeWhatIsAvailable"/>, an
    /// <see cref="LedgerEntryType.Adjustment"/> that takes at most the spendable points (a reversal never drives the
    /// balance below zero).
    /// </summary>
    internal Task<OperationResult<LedgerPosting>> PostPointsAsync(
        MerchantId merchantId, Guid customerId, decimal points, LedgerPostingDetails details, bool takeWhatIsAvailable, string permission,
        CancellationToken cancellationToken)
    {
        var type = points > 0 ? LedgerEntryType.Issue : takeWhatIsAvailable ? LedgerEntryType.Adjustment : LedgerEntryType.Redeem;
        var target = Target(customerId, LedgerAccount.PointsUnit) + "/" + points.ToString(CultureInfo.InvariantCulture);
        return PostAsync(merchantId, type, details, target, null, AmountRule.PositiveWhenGiven,
            ct => PointsAccountAsync(merchantId, customerId, openIfMissing: points > 0, ct),
            (account, _, _) =>
            {
                if (points >= 0)
                {
                    return Task.FromResult(Draft(points));
                }

                var wanted = -points;
                if (takeWhatIsAvailable)
                {
                    return Task.FromResult(Draft(-Math.Min(wanted, Math.Max(0m, account.Spendable))));
                }

                return Task.FromResult(wanted > account.Spendable ? Fail(_describer.InsufficientPoints(account.Spendable)) : Draft(-wanted));
            },
            cancellationToken,
            permission);
    }

    /// <summary>The customer's points balance (zero when no points were ever earned).</summary>
    internal async Task<decimal> GetPointsBalanceAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken)
    {
        var account = await _ledger.FindAccountByNameAsync(merchantId, customerId, LedgerAccountKind.Loyalty, LedgerAccount.PointsUnit, cancellationToken)
            .ConfigureAwait(false);
        return account?.Balance ?? 0m;
    }

    private async Task<OperationResult<LedgerAccount>> PointsAccountAsync(MerchantId merchantId, Guid customerId, bool openIfMissing, CancellationToken cancellationToken)
    {
        var unit = LedgerAccount.PointsUnit;
        var account = await _ledger.FindAccountByNameAsync(merchantId, customerId, LedgerAccountKind.Loyalty, unit, cancellationToken).ConfigureAwait(false);
        if (account is not null)
        {
            return OperationResult<LedgerAccount>.Success(account);
        }

        if (!openIfMissing)
        {
            return OperationResult<LedgerAccount>.Failed(_describer.InsufficientPoints(0m));
        }

        if (await _customers.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return OperationResult<LedgerAccount>.Failed(_describer.NotFound());
        }

        var opened = NewAccount(merchantId, customerId, LedgerAccountKind.Loyalty, unit, unit);
        var outcome = await _ledger.CreateAccountAsync(opened, cancellationToken).ConfigureAwait(false);
        if (outcome == Stores.StoreWriteOutcome.Success)
        {
            return OperationResult<LedgerAccount>.Success(opened);
        }

        // Another till opened it first; use theirs.
        account = await _ledger.FindAccountByNameAsync(merchantId, customerId, LedgerAccountKind.Loyalty, unit, cancellationToken).ConfigureAwait(false);
        return account is null ? OperationResult<LedgerAccount>.Failed(_describer.VersionConflict()) : OperationResult<LedgerAccount>.Success(account);
    }
}
