using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CustomerCore.ChangeFeed;
using CustomerCore.Customers;
using CustomerCore.Merchants;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerCore.Credit;

/// <summary>How a posting's amount is checked.</summary>
internal enum AmountRule
{
    Positive,
    NonZero,
    PositiveWhenGiven,
}

/// <summary>What a posting rule decided: the balance and held changes, and the hold and override it records.</summary>
internal readonly record struct EntryDraft(decimal Amount, decimal HeldChange, Guid? HoldId, string? OverrideReason);

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

/// <summary>
/// The only code that writes ledgers (credit lines, store credit, points): opens accounts, posts entries and moves
/// balances. Every write records its change-feed and audit entries in the same unit of work.
/// </summary>
internal sealed partial class LedgerPoster(
    ICreditLedgerStore ledger,
    ICustomerStore customers,
    ICustomerCoreUnitOfWork unitOfWork,
    ChangeRecorder recorder,
    IMerchantSettingsProvider settings,
    PermissionGuard guard,
    CustomerErrorDescriber describer,
    TimeProvider time,
    IOptionsMonitor<CustomerCoreOptions> options,
    ILogger<LedgerPoster> logger)
{
    private readonly ICreditLedgerStore _ledger = ledger;
    private readonly ICustomerStore _customers = customers;
    private readonly IMerchantSettingsProvider _settings = settings;
    private readonly PermissionGuard _guard = guard;
    private readonly CustomerErrorDescriber _describer = describer;
    private readonly TimeProvider _time = time;
    private readonly IOptionsMonitor<CustomerCoreOptions> _options = options;
    private readonly ILogger<LedgerPoster> _logger = logger;

    /// <summary>A new, empty account (version 0) of a customer.</summary>
    public LedgerAccount NewAccount(MerchantId merchantId, Guid customerId, LedgerAccountKind kind, string unit, string name)
    {
        var now = _time.GetUtcNow();
        return new LedgerAccount
        {
            Id = Guid.CreateVersion7(now),
            MerchantId = merchantId,
            CustomerId = customerId,
            Kind = kind,
            Unit = unit,
            Name = name,
            NormalizedName = NormalizeName(name),
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = _guard.Actor,
            UpdatedBy = _guard.Actor,
            Version = 0,
        };
    }

    /// <summary>The uniqueness key of an account name.</summary>
    public static string NormalizeName(string name) => name.Trim().ToUpperInvariant();

    /// <summary>Inserts a new account and records it.</summary>
    public async Task<StoreWriteOutcome> CreateAccountAsync(LedgerAccount account, CancellationToken cancellationToken)
    {
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await _ledger.CreateAccountAsync(account, cancellationToken).ConfigureAwait(false);
        if (outcome == StoreWriteOutcome.Success)
        {
            recorder.RecordAbout(KindOf(account), account.MerchantId, account.CustomerId, ["Account"]);
        }

        // Nothing was written on failure, so agreeing to the unit of work is safe and does not doom an outer one.
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>
    /// The customer's account of <paramref name="kind"/> named <paramref name="name"/>; opened when missing and
    /// <paramref name="openIfMissing"/> is set (another till opening it first is fine: theirs is used).
    /// </summary>
    public async Task<OperationResult<LedgerAccount>> FindOrOpenAccountAsync(
        MerchantId merchantId, Guid customerId, LedgerAccountKind kind, string name, bool openIfMissing, Func<CustomerError> missing,
        CancellationToken cancellationToken)
    {
        var normalized = NormalizeName(name);
        var account = await _ledger.FindAccountByNameAsync(merchantId, customerId, kind, normalized, cancellationToken).ConfigureAwait(false);
        if (account is not null)
        {
            return OperationResult<LedgerAccount>.Success(account);
        }

        if (!openIfMissing)
        {
            return OperationResult<LedgerAccount>.Failed(missing());
        }

        if (await _customers.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return OperationResult<LedgerAccount>.Failed(_describer.NotFound());
        }

        var opened = NewAccount(merchantId, customerId, kind, name, name);
        var outcome = await CreateAccountAsync(opened, cancellationToken).ConfigureAwait(false);
        if (outcome == StoreWriteOutcome.Success)
        {
            return OperationResult<LedgerAccount>.Success(opened);
        }

        account = await _ledger.FindAccountByNameAsync(merchantId, customerId, kind, normalized, cancellationToken).ConfigureAwait(false);
        return account is null ? OperationResult<LedgerAccount>.Failed(_describer.VersionConflict()) : OperationResult<LedgerAccount>.Success(account);
    }

    /// <summary>Replaces an account's settings (name, limit, term, active) from the version read, and records it.</summary>
    public async Task<StoreWriteOutcome> UpdateAccountAsync(LedgerAccount account, long expectedVersion, CancellationToken cancellationToken)
    {
        Stamp(account, expectedVersion);
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await _ledger.UpdateAccountAsync(account, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (outcome == StoreWriteOutcome.Success)
        {
            recorder.RecordAbout(KindOf(account), account.MerchantId, account.CustomerId, ["Account"]);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private async Task<LedgerAppendOutcome> AppendAsync(LedgerAccount account, LedgerAccount next, LedgerEntry entry, CancellationToken cancellationToken)
    {
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await _ledger.AppendAsync(next, account.Version, entry, cancellationToken).ConfigureAwait(false);
        if (outcome == LedgerAppendOutcome.Appended)
        {
            var fields = entry.HeldChange != 0m ? (IReadOnlyList<string>)["Balance", "Held"] : ["Balance"];
            recorder.RecordAbout(KindOf(account), account.MerchantId, account.CustomerId, fields);
        }

        // A lost race wrote nothing; agreeing keeps an outer unit of work usable for the retry.
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    // The one place an account's version moves: settings changes and postings alike.
    private void Stamp(LedgerAccount account, long versionRead)
    {
        account.Version = versionRead + 1;
        account.UpdatedAt = _time.GetUtcNow();
        account.UpdatedBy = _guard.Actor;
    }

    private static ChangeKind KindOf(LedgerAccount account) => account.Kind switch
    {
        LedgerAccountKind.CreditLine => ChangeKind.CreditLineChanged,
        LedgerAccountKind.StoreCredit => ChangeKind.StoreCreditChanged,
        _ => ChangeKind.PointsChanged,
    };

    /// <summary>Posts one entry: idempotency, the rule in <paramref name="decide"/> checked against the account as read,
    /// the amount limits (<see cref="CustomerCoreOptions.MaxPostingAmount"/>, <see cref="CustomerCoreOptions.MaxAccountBalance"/>),
    /// an append guarded by that read's version with its change-feed and audit entries in one unit of work, bounded retry.
    /// A balance transfer (a merge moving a whole balance) is exempt from the per-posting maximum, not from the balance
    /// maximum.</summary>
    public async Task<OperationResult<LedgerPosting>> PostAsync(
        MerchantId merchantId,
        LedgerEntryType type,
        LedgerPostingDetails details,
        string target,
        Money? amount,
        AmountRule amountRule,
        Func<CancellationToken, Task<OperationResult<LedgerAccount>>> resolveAccount,
        Func<LedgerAccount, MerchantSettings, CancellationToken, Task<OperationResult<EntryDraft>>> decide,
        CustomerPermission permission,
        CancellationToken cancellationToken,
        bool balanceTransfer = false)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (await _guard.DenyAsync(merchantId, permission, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<LedgerPosting>.Failed(denied);
        }

        // The account is read after taking the merchant's turn, so concurrent tills queue rather than race; a refused
        // posting wrote nothing (or only opened an empty account), so the unit of work commits either way.
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        await recorder.TakeMerchantTurnAsync(merchantId, cancellationToken).ConfigureAwait(false);
        var posted = await InTurnAsync().ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return posted;

        async Task<OperationResult<LedgerPosting>> InTurnAsync()
        {
            var errors = ValidatePosting(details, amount, amountRule);
            if (errors.Count > 0)
            {
                return OperationResult<LedgerPosting>.Failed(errors);
            }

            var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);
            var key = details.IdempotencyKey.Trim();
            var requestHash = RequestHash(type, target, amount, details);
            var attempts = Math.Max(1, _options.CurrentValue.LedgerWriteAttempts);
            var checkKey = true;
            for (var attempt = 1; attempt <= attempts; attempt++)
            {
                if (checkKey && await _ledger.FindEntryByIdempotencyKeyAsync(merchantId, key, cancellationToken).ConfigureAwait(false) is { } earlier)
                {
                    return await ReplayAsync(merchantId, earlier, requestHash, cancellationToken).ConfigureAwait(false);
                }

                var resolved = await resolveAccount(cancellationToken).ConfigureAwait(false);
                if (!resolved.Succeeded)
                {
                    return OperationResult<LedgerPosting>.Failed(resolved.Errors);
                }

                var account = resolved.Value!;
                var decided = await decide(account, settings, cancellationToken).ConfigureAwait(false);
                if (!decided.Succeeded)
                {
                    return OperationResult<LedgerPosting>.Failed(decided.Errors);
                }

                if (LimitError(account, decided.Value, balanceTransfer) is { } overLimit)
                {
                    return OperationResult<LedgerPosting>.Failed(overLimit);
                }

                var (entry, next) = Apply(account, type, decided.Value, key, requestHash, details);
                var outcome = await AppendAsync(account, next, entry, cancellationToken).ConfigureAwait(false);
                switch (outcome)
                {
                    case LedgerAppendOutcome.Appended:
                        LogPosted(type, account.Id, entry.Sequence);
                        return OperationResult<LedgerPosting>.Success(new LedgerPosting(entry, next, Replayed: false));
                    case LedgerAppendOutcome.AccountNotFound:
                        return OperationResult<LedgerPosting>.Failed(_describer.NotFound(NotFoundSubject.LedgerAccount));
                    case LedgerAppendOutcome.DuplicateIdempotencyKey:
                        // The same key was posted concurrently; the next round returns that posting or reports the reuse.
                        checkKey = true;
                        break;
                    default:
                        checkKey = false;
                        LogRetry(type, account.Id, attempt);
                        await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }

            if (await _ledger.FindEntryByIdempotencyKeyAsync(merchantId, key, cancellationToken).ConfigureAwait(false) is { } raced)
            {
                return await ReplayAsync(merchantId, raced, requestHash, cancellationToken).ConfigureAwait(false);
            }

            return OperationResult<LedgerPosting>.Failed(_describer.VersionConflict());
        }
    }

    // Checked on what the rule decided, not only on what the caller asked, because points and merges post amounts the
    // caller never typed. Every sum is tested before it is made, so decimal overflow cannot throw out of a service.
    private CustomerError? LimitError(LedgerAccount account, EntryDraft draft, bool balanceTransfer)
    {
        var limits = _options.CurrentValue;
        if (!balanceTransfer && (Math.Abs(draft.Amount) > limits.MaxPostingAmount || Math.Abs(draft.HeldChange) > limits.MaxPostingAmount))
        {
            return _describer.AmountTooLarge("Amount", limits.MaxPostingAmount);
        }

        if (!TryAdd(account.Balance, draft.Amount, out var balance) || !TryAdd(account.Held, draft.HeldChange, out _))
        {
            return _describer.BalanceLimitExceeded(limits.MaxAccountBalance);
        }

        // Only a posting that raises the balance is held to the maximum, so a balance above a since-lowered maximum can still be paid down.
        return draft.Amount > 0m && balance > limits.MaxAccountBalance ? _describer.BalanceLimitExceeded(limits.MaxAccountBalance) : null;
    }

    private static bool TryAdd(decimal left, decimal right, out decimal sum)
    {
        var overflows = (left > 0m && right > 0m && left > decimal.MaxValue - right)
            || (left < 0m && right < 0m && left < decimal.MinValue - right);
        sum = overflows ? 0m : left + right;
        return !overflows;
    }

    private (LedgerEntry Entry, LedgerAccount Next) Apply(
        LedgerAccount account, LedgerEntryType type, EntryDraft draft, string key, string requestHash, LedgerPostingDetails details)
    {
        var now = _time.GetUtcNow();
        var next = account.Clone();
        next.Balance = account.Balance + draft.Amount;
        next.Held = account.Held + draft.HeldChange;
        Stamp(next, account.Version);

        // The rules above already refuse these; reaching here would be a bug, and a bug must not write a bad ledger.
        if (next.Held < 0m || next.Balance < 0m || (account.Kind != LedgerAccountKind.CreditLine && next.Balance < next.Held))
        {
            throw new InvalidOperationException($"Posting {type} to account {account.Id} would break the ledger's invariants.");
        }

        var entry = new LedgerEntry
        {
            Id = Guid.CreateVersion7(now),
            MerchantId = account.MerchantId,
            AccountId = account.Id,
            Sequence = next.Version,
            Type = type,
            Amount = draft.Amount,
            HeldChange = draft.HeldChange,
            BalanceAfter = next.Balance,
            HeldAfter = next.Held,
            Unit = account.Unit,
            HoldId = draft.HoldId,
            IdempotencyKey = key,
            RequestHash = requestHash,
            Reference = TextNormalizer.Clean(details.Reference),
            Note = TextNormalizer.Clean(details.Note),
            OverrideReason = draft.OverrideReason,
            PostedAt = now,
            PostedBy = _guard.Actor,
        };
        if (type == LedgerEntryType.Hold)
        {
            entry.HoldId = entry.Id;
        }

        return (entry, next);
    }

    private async Task<OperationResult<LedgerPosting>> ReplayAsync(
        MerchantId merchantId, LedgerEntry earlier, string requestHash, CancellationToken cancellationToken)
    {
        if (!string.Equals(earlier.RequestHash, requestHash, StringComparison.Ordinal))
        {
            return OperationResult<LedgerPosting>.Failed(_describer.IdempotencyKeyReused());
        }

        var account = await _ledger.FindAccountAsync(merchantId, earlier.AccountId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Ledger entry {earlier.Id} points at missing account {earlier.AccountId}.");
        return OperationResult<LedgerPosting>.Success(new LedgerPosting(earlier, account, Replayed: true));
    }

    private static async Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        // Let the winner finish first; after a few lost races, spread the retries out a little.
        if (attempt < 3)
        {
            await Task.Yield();
            return;
        }

        await Task.Delay(Random.Shared.Next(1, 2 * attempt), cancellationToken).ConfigureAwait(false);
    }

    private List<CustomerError> ValidatePosting(LedgerPostingDetails details, Money? amount, AmountRule rule)
    {
        var errors = new List<CustomerError>();
        var key = TextNormalizer.Clean(details.IdempotencyKey);
        if (TextHygiene.Check(details.IdempotencyKey, nameof(details.IdempotencyKey), TextLayout.SingleLine, _describer) is { } controlCharacter)
        {
            errors.Add(controlCharacter);
        }
        else if (key is null)
        {
            errors.Add(_describer.Required(nameof(details.IdempotencyKey)));
        }
        else if (key.Length > LedgerPostingDetails.IdempotencyKeyMaxLength)
        {
            errors.Add(_describer.TooLong(nameof(details.IdempotencyKey), LedgerPostingDetails.IdempotencyKeyMaxLength));
        }

        FreeText(details.Reference, nameof(details.Reference), LedgerPostingDetails.ReferenceMaxLength, TextLayout.SingleLine, errors);
        FreeText(details.Note, nameof(details.Note), LedgerPostingDetails.NoteMaxLength, TextLayout.MultiLine, errors);
        FreeText(details.OverrideReason, nameof(details.OverrideReason), LedgerPostingDetails.NoteMaxLength, TextLayout.SingleLine, errors);

        if (amount is not { } value)
        {
            if (rule != AmountRule.PositiveWhenGiven)
            {
                errors.Add(_describer.Required("Amount"));
            }
        }
        else if (value.IsDefault)
        {
            errors.Add(_describer.Required("Amount"));
        }
        else if (!Iso4217.IsActive(value.Currency))
        {
            errors.Add(_describer.UnknownCurrency("Currency"));
        }
        else if (rule == AmountRule.NonZero ? value.Amount == 0m : value.Amount <= 0m)
        {
            errors.Add(rule == AmountRule.NonZero ? _describer.ValueMustNotBeZero("Amount") : _describer.AmountNotPositive("Amount"));
        }
        else if (Math.Abs(value.Amount) > _options.CurrentValue.MaxPostingAmount)
        {
            errors.Add(_describer.AmountTooLarge("Amount", _options.CurrentValue.MaxPostingAmount));
        }
        else if (value.Amount > _options.CurrentValue.MaxAccountBalance)
        {
            // No account could take it, so it is refused before an account is opened for it.
            errors.Add(_describer.BalanceLimitExceeded(_options.CurrentValue.MaxAccountBalance));
        }
        else if (!value.IsRounded)
        {
            errors.Add(_describer.TooManyDecimals("Amount", value.Currency, value.MinorUnits));
        }

        return errors;
    }

    private void FreeText(string? value, string field, int maxLength, TextLayout layout, List<CustomerError> errors)
    {
        if (value is null)
        {
            return;
        }

        if (TextHygiene.Check(value, field, layout, _describer) is { } controlCharacter)
        {
            errors.Add(controlCharacter);
        }
        else if (value.Length > maxLength)
        {
            errors.Add(_describer.TooLong(field, maxLength));
        }
        else if (PaymentCardDetector.ContainsCardNumber(value))
        {
            errors.Add(_describer.CardNumberDetected(field));
        }
    }

    private static string RequestHash(LedgerEntryType type, string target, Money? amount, LedgerPostingDetails details)
    {
        var amountText = amount is { } value
            ? value.Amount.ToString("F" + value.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + value.Currency
            : "-";
        var canonical = string.Join(
            '\u001f',
            type.ToString(),
            target,
            amountText,
            TextNormalizer.Clean(details.Reference) ?? string.Empty,
            TextNormalizer.Clean(details.Note) ?? string.Empty,
            TextNormalizer.Clean(details.OverrideReason) ?? string.Empty);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string Target(Guid id, string? unit = null) =>
        unit is null ? id.ToString("N") : id.ToString("N") + "/" + unit;

    public static OperationResult<EntryDraft> Draft(decimal amount, decimal heldChange = 0m, Guid? holdId = null, string? overrideReason = null) =>
        OperationResult<EntryDraft>.Success(new EntryDraft(amount, heldChange, holdId, overrideReason));

    public static OperationResult<EntryDraft> Fail(params IEnumerable<CustomerError> errors) => OperationResult<EntryDraft>.Failed(errors);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Posted {EntryType} to ledger account {AccountId} at sequence {Sequence}")]
    private partial void LogPosted(LedgerEntryType entryType, Guid accountId, long sequence);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "{EntryType} on ledger account {AccountId} lost a concurrent write (attempt {Attempt}); retrying")]
    private partial void LogRetry(LedgerEntryType entryType, Guid accountId, int attempt);


    /// <summary>
    /// Moves every non-zero balance (credit lines, store credit, points) of one customer to the same-named account of
    /// another, opening it when missing, as pairs of adjustment entries. Fails when credit is on hold for a sale in progress.
    /// </summary>
    public async Task<OperationResult<List<LedgerTransfer>>> MoveBalancesAsync(
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
                if (await CreateAccountAsync(destination, cancellationToken).ConfigureAwait(false) != StoreWriteOutcome.Success)
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
    public async Task<Guid?> FirstChangedSinceAsync(MerchantId merchantId, IEnumerable<LedgerTransfer> transfers, CancellationToken cancellationToken)
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
    public async Task<OperationResult> ReverseTransfersAsync(MerchantId merchantId, IEnumerable<LedgerTransfer> transfers, string keyPrefix, CancellationToken cancellationToken)
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

    // A merge moves whole balances, which may be more than one posting may carry; the balance maximum still holds.
    private Task<OperationResult<LedgerPosting>> AdjustByAsync(MerchantId merchantId, Guid accountId, decimal amount, string key, CancellationToken cancellationToken) =>
        PostAsync(merchantId, LedgerEntryType.Adjustment, new LedgerPostingDetails(key) { Note = "customer merge" },
            Target(accountId) + "/" + amount.ToString(System.Globalization.CultureInfo.InvariantCulture), null, AmountRule.PositiveWhenGiven,
            async ct => await _ledger.FindAccountAsync(merchantId, accountId, ct).ConfigureAwait(false) is { } account
                ? OperationResult<LedgerAccount>.Success(account)
                : OperationResult<LedgerAccount>.Failed(_describer.NotFound(NotFoundSubject.LedgerAccount)),
            (_, _, _) => Task.FromResult(Draft(amount)),
            CustomerPermissions.Merge,
            cancellationToken,
            balanceTransfer: true);
}
