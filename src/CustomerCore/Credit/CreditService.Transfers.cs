using CustomerCore.Security;

namespace CustomerCore.Credit;

/// <summary>A balance moved from one customer's ledger account to another's by a merge.</summary>
/// <param name="Kind">The kind of account.</param>
/// <param name="Name">The account's name (credit line name, currency, or points).</param>
/// <param name="Unit">Currency code or points.</param>
/// <param name="FromAccountId">The removed customer's account.</param>
/// <param name="ToAccountId">The kept customer's account of the same kind and name.</param>
/// <param name="Amount">The balance moved.</param>
/// <param name="FromVersionAfter">The source account's version right after the move.</param>
/// <param name="ToVersionAfter">The destination account's version right after the move.</param>
public sealed record LedgerTransfer(
    LedgerAccountKind Kind, string Name, string Unit, Guid FromAccountId, Guid ToAccountId, decimal Amount, long FromVersionAfter, long ToVersionAfter);

public sealed partial class CreditService
{
    /// <summary>
    /// Moves every non-zero balance (credit lines, store credit, points) of one customer to the same-named account of
    /// another, opening it when missing, as pairs of adjustment entries. Fails when credit is on hold for a sale in progress.
    /// </summary>
    internal async Task<OperationResult<List<LedgerTransfer>>> MoveBalancesAsync(
        MerchantId merchantId, Guid fromCustomerId, Guid toCustomerId, string keyPrefix, CancellationToken cancellationToken)
    {
        var transfers = new List<LedgerTransfer>();
        var accounts = await _ledger.ListAccountsAsync(merchantId, fromCustomerId, cancellationToken).ConfigureAwait(false);
        if (accounts.Any(a => a.Held != 0m))
        {
            return OperationResult<List<LedgerTransfer>>.Failed(
                _describer.CustomerHasHeldCredit());
        }

        foreach (var account in accounts.Where(a => a.Balance != 0m))
        {
            var destination = await _ledger.FindAccountByNameAsync(merchantId, toCustomerId, account.Kind, account.NormalizedName, cancellationToken).ConfigureAwait(false);
            if (destination is null)
            {
                destination = NewAccount(merchantId, toCustomerId, account.Kind, account.Unit, account.Name);
                destination.Limit = account.Limit;
                destination.PaymentTermDays = account.PaymentTermDays;
                destination.IsActive = account.IsActive;
                if (await _ledger.CreateAccountAsync(destination, cancellationToken).ConfigureAwait(false) != Stores.StoreWriteOutcome.Success)
                {
                    return OperationResult<List<LedgerTransfer>>.Failed(_describer.VersionConflict());
                }
            }

            var moved = await AdjustByAsync(merchantId, account.Id, -account.Balance, $"{keyPrefix}:{account.Id:N}:out", cancellationToken).ConfigureAwait(false);
            if (!moved.Succeeded)
            {
                return OperationResult<List<LedgerTransfer>>.Failed(moved.Errors);
            }

            var amount = -moved.Value!.Entry.Amount;
            var received = await AdjustByAsync(merchantId, destination.Id, amount, $"{keyPrefix}:{account.Id:N}:in", cancellationToken).ConfigureAwait(false);
            if (!received.Succeeded)
            {
                return OperationResult<List<LedgerTransfer>>.Failed(received.Errors);
            }

            transfers.Add(new LedgerTransfer(
                account.Kind, account.Name, account.Unit, account.Id, destination.Id, amount, moved.Value.Account.Version, received.Value!.Account.Version));
        }

        return OperationResult<List<LedgerTransfer>>.Success(transfers);
    }

    /// <summary>The first account a merge moved balances through that has changed since, or null when none has.</summary>
    internal async Task<Guid?> FirstChangedSinceAsync(MerchantId merchantId, IEnumerable<LedgerTransfer> transfers, CancellationToken cancellationToken)
    {
        foreach (var transfer in transfers)
        {
            var from = await _ledger.FindAccountAsync(merchantId, transfer.FromAccountId, cancellationToken).ConfigureAwait(false);
            var to = await _ledger.FindAccountAsync(merchantId, transfer.ToAccountId, cancellationToken).ConfigureAwait(false);
            if (from?.Version != transfer.FromVersionAfter)
            {
                return transfer.FromAccountId;
            }

            if (to?.Version != transfer.ToVersionAfter)
            {
                return transfer.ToAccountId;
            }
        }

        return null;
    }

    /// <summary>Posts the reverse of a merge's transfers.</summary>
    internal async Task<OperationResult> ReverseTransfersAsync(MerchantId merchantId, IEnumerable<LedgerTransfer> transfers, string keyPrefix, CancellationToken cancellationToken)
    {
        foreach (var transfer in transfers)
        {
            var back = await AdjustByAsync(merchantId, transfer.ToAccountId, -transfer.Amount, $"{keyPrefix}:{transfer.FromAccountId:N}:out", cancellationToken).ConfigureAwait(false);
            var restored = back.Succeeded
                ? await AdjustByAsync(merchantId, transfer.FromAccountId, transfer.Amount, $"{keyPrefix}:{transfer.FromAccountId:N}:in", cancellationToken).ConfigureAwait(false)
                : back;
            if (!restored.Succeeded)
            {
                return restored;
            }
        }

        return OperationResult.Success();
    }

    private Task<OperationResult<LedgerPosting>> AdjustByAsync(MerchantId merchantId, Guid accountId, decimal amount, string key, CancellationToken cancellationToken) =>
        PostAsync(merchantId, LedgerEntryType.Adjustment, new LedgerPostingDetails(key) { Note = "customer merge" },
            Target(accountId) + "/" + amount.ToString(System.Globalization.CultureInfo.InvariantCulture), null, AmountRule.PositiveWhenGiven,
            async ct => await _ledger.FindAccountAsync(merchantId, accountId, ct).ConfigureAwait(false) is { } account
                ? OperationResult<LedgerAccount>.Success(account)
                : OperationResult<LedgerAccount>.Failed(_describer.NotFound(NotFoundSubject.LedgerAccount)),
            (_, _, _) => Task.FromResult(Draft(amount)),
            cancellationToken,
            CustomerPermissions.Merge);
}
