using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.Credit;

public sealed partial class CreditService
{
    /// <summary>Gives a customer store credit (a refund, gift credit). The customer's account in that currency is opened on first use.</summary>
    public Task<OperationResult<LedgerPosting>> IssueStoreCreditAsync(
        MerchantId merchantId, Guid customerId, Money amount, LedgerPostingDetails details, CancellationToken cancellationToken = default) =>
        _poster.PostAsync(merchantId, LedgerEntryType.Issue, details, LedgerPoster.Target(customerId, amount.Currency), amount, AmountRule.Positive,
            ct => StoreCreditAccountAsync(merchantId, customerId, amount.Currency, openIfMissing: true, ct),
            (_, _, _) => Task.FromResult(LedgerPoster.Draft(amount.Amount)),
            CustomerPermissions.CreditPost,
            cancellationToken);

    /// <summary>Spends store credit at once; more than is available (balance minus holds) fails with <see cref="CustomerErrorCodes.InsufficientStoreCredit"/>.</summary>
    public Task<OperationResult<LedgerPosting>> RedeemStoreCreditAsync(
        MerchantId merchantId, Guid customerId, Money amount, LedgerPostingDetails details, CancellationToken cancellationToken = default) =>
        _poster.PostAsync(merchantId, LedgerEntryType.Redeem, details, LedgerPoster.Target(customerId, amount.Currency), amount, AmountRule.Positive,
            ct => StoreCreditAccountAsync(merchantId, customerId, amount.Currency, openIfMissing: false, ct),
            (account, _, _) => Task.FromResult(amount.Amount > account.Spendable
                ? LedgerPoster.Fail(_describer.InsufficientStoreCredit(ToMoney(account, account.Spendable)))
                : LedgerPoster.Draft(-amount.Amount)),
            CustomerPermissions.CreditPost,
            cancellationToken);

    /// <summary>
    /// Reserves store credit for a sale in progress, so another till cannot spend it meanwhile. The posting's
    /// <see cref="LedgerEntry.HoldId"/> identifies the hold for <see cref="CaptureHoldAsync"/> and <see cref="ReleaseHoldAsync"/>.
    /// </summary>
    public Task<OperationResult<LedgerPosting>> HoldStoreCreditAsync(
        MerchantId merchantId, Guid customerId, Money amount, LedgerPostingDetails details, CancellationToken cancellationToken = default) =>
        _poster.PostAsync(merchantId, LedgerEntryType.Hold, details, LedgerPoster.Target(customerId, amount.Currency), amount, AmountRule.Positive,
            ct => StoreCreditAccountAsync(merchantId, customerId, amount.Currency, openIfMissing: false, ct),
            (account, _, _) => Task.FromResult(amount.Amount > account.Spendable
                ? LedgerPoster.Fail(_describer.InsufficientStoreCredit(ToMoney(account, account.Spendable)))
                : LedgerPoster.Draft(0m, heldChange: amount.Amount)),
            CustomerPermissions.CreditPost,
            cancellationToken);

    /// <summary>
    /// Completes a hold: spends <paramref name="amount"/> of it (all of it when null) and releases the rest. A hold
    /// already captured or released fails with <see cref="CustomerErrorCodes.HoldNotOpen"/>.
    /// </summary>
    public Task<OperationResult<LedgerPosting>> CaptureHoldAsync(
        MerchantId merchantId, Guid holdId, Money? amount, LedgerPostingDetails details, CancellationToken cancellationToken = default) =>
        _poster.PostAsync(merchantId, LedgerEntryType.Capture, details, LedgerPoster.Target(holdId, amount?.Currency), amount, AmountRule.PositiveWhenGiven,
            ct => HoldAccountAsync(merchantId, holdId, ct),
            async (account, _, ct) =>
            {
                var hold = await OpenHoldAsync(merchantId, holdId, ct).ConfigureAwait(false);
                if (!hold.Succeeded)
                {
                    return LedgerPoster.Fail(hold.Errors);
                }

                var held = hold.Value!.HeldChange;
                if (amount is { } captured && CurrencyError(account, captured) is { } mismatch)
                {
                    return LedgerPoster.Fail(mismatch);
                }

                var spent = amount?.Amount ?? held;
                return spent > held
                    ? LedgerPoster.Fail(_describer.InsufficientStoreCredit(ToMoney(account, held)))
                    : LedgerPoster.Draft(-spent, heldChange: -held, holdId: holdId);
            },
            CustomerPermissions.CreditPost,
            cancellationToken);

    /// <summary>Gives a hold back without spending it.</summary>
    public Task<OperationResult<LedgerPosting>> ReleaseHoldAsync(
        MerchantId merchantId, Guid holdId, LedgerPostingDetails details, CancellationToken cancellationToken = default) =>
        _poster.PostAsync(merchantId, LedgerEntryType.Release, details, LedgerPoster.Target(holdId, null), null, AmountRule.PositiveWhenGiven,
            ct => HoldAccountAsync(merchantId, holdId, ct),
            async (_, _, ct) =>
            {
                var hold = await OpenHoldAsync(merchantId, holdId, ct).ConfigureAwait(false);
                return hold.Succeeded ? LedgerPoster.Draft(0m, heldChange: -hold.Value!.HeldChange, holdId: holdId) : LedgerPoster.Fail(hold.Errors);
            },
            CustomerPermissions.CreditPost,
            cancellationToken);

    /// <summary>A customer's store credit in one currency; zero when none was ever issued.</summary>
    public async Task<OperationResult<StoreCreditBalance>> GetStoreCreditAsync(
        MerchantId merchantId, Guid customerId, string currency, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<StoreCreditBalance>.Failed(denied);
        }

        var parsed = MoneyParser.ParseCurrency(currency, "Currency", _describer);
        if (!parsed.Succeeded)
        {
            return OperationResult<StoreCreditBalance>.Failed(parsed.Errors);
        }

        var code = parsed.Value!;
        var account = await _ledger.FindAccountByNameAsync(merchantId, customerId, LedgerAccountKind.StoreCredit, code, cancellationToken)
            .ConfigureAwait(false);
        var zero = Money.Zero(code);
        return OperationResult<StoreCreditBalance>.Success(account is null
            ? new StoreCreditBalance(null, zero, zero, zero)
            : new StoreCreditBalance(account.Id, ToMoney(account, account.Balance), ToMoney(account, account.Held), ToMoney(account, account.Spendable)));
    }

    private Task<OperationResult<LedgerAccount>> StoreCreditAccountAsync(
        MerchantId merchantId, Guid customerId, string currency, bool openIfMissing, CancellationToken cancellationToken) =>
        _poster.FindOrOpenAccountAsync(
            merchantId, customerId, LedgerAccountKind.StoreCredit, currency, openIfMissing,
            () => _describer.InsufficientStoreCredit(Money.Zero(currency)), cancellationToken);

    private async Task<OperationResult<LedgerAccount>> HoldAccountAsync(MerchantId merchantId, Guid holdId, CancellationToken cancellationToken)
    {
        var entries = await _ledger.ListEntriesByHoldAsync(merchantId, holdId, cancellationToken).ConfigureAwait(false);
        var account = entries.Count == 0 ? null : await _ledger.FindAccountAsync(merchantId, entries[0].AccountId, cancellationToken).ConfigureAwait(false);
        return account is null
            ? OperationResult<LedgerAccount>.Failed(_describer.NotFound(NotFoundSubject.StoreCreditHold))
            : OperationResult<LedgerAccount>.Success(account);
    }

    // Read after the account, so a capture or release appended since makes the version check fail or shows up here.
    private async Task<OperationResult<LedgerEntry>> OpenHoldAsync(MerchantId merchantId, Guid holdId, CancellationToken cancellationToken)
    {
        var entries = await _ledger.ListEntriesByHoldAsync(merchantId, holdId, cancellationToken).ConfigureAwait(false);
        var hold = entries.FirstOrDefault(e => e.Type == LedgerEntryType.Hold);
        if (hold is null)
        {
            return OperationResult<LedgerEntry>.Failed(_describer.NotFound(NotFoundSubject.StoreCreditHold));
        }

        return entries.Any(e => e.Type is LedgerEntryType.Capture or LedgerEntryType.Release)
            ? OperationResult<LedgerEntry>.Failed(_describer.HoldNotOpen())
            : OperationResult<LedgerEntry>.Success(hold);
    }
}
