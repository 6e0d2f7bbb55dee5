using CustomerCore.Credit;
using CustomerCore.Security;

namespace CustomerCore.Loyalty;

/// <summary>
/// Loyalty points on the same append-only ledger as credit: points accrue on completed tickets linked to a customer,
/// follow refunds, voids, detaching and re-attaching, and can be redeemed with an idempotency key. The balance never
/// goes below zero.
/// </summary>
public sealed class LoyaltyService
{
    private readonly LoyaltyPoints _points;
    private readonly PermissionGuard _guard;
    private readonly CustomerErrorDescriber _describer;

    internal LoyaltyService(LoyaltyPoints points, PermissionGuard guard, CustomerErrorDescriber describer)
    {
        _points = points;
        _guard = guard;
        _describer = describer;
    }

    /// <summary>The customer's points balance.</summary>
    public async Task<OperationResult<decimal>> GetBalanceAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<decimal>.Failed(denied);
        }

        return OperationResult<decimal>.Success(await _points.GetBalanceAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false));
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

        return _points.PostAsync(merchantId, customerId, -points, details, takeWhatIsAvailable: false, CustomerPermissions.Write, cancellationToken);
    }
}
