using CustomerCore.Customers;
using CustomerCore.Merchants;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.Credit;

/// <summary>
/// Credit lines (house accounts) and store credit on one append-only ledger. Every posting carries an idempotency key,
/// is checked against the account as read, and is appended with that read's version, so concurrent tills serialize
/// through the store's version check; a posting that loses the race re-reads the account and tries again (see
/// <see cref="CustomerCoreOptions.LedgerWriteAttempts"/>). Postings and credit line settings need
/// <see cref="CustomerPermissions.CreditPost"/>; reads need <see cref="CustomerPermissions.Read"/>.
/// </summary>
public sealed partial class CreditService
{
    /// <summary>The longest credit line name accepted.</summary>
    public const int CreditLineNameMaxLength = 100;
    /// <summary>The longest payment term accepted, in days.</summary>
    public const int MaxPaymentTermDays = 3650;
    /// <summary>The largest page <see cref="ListEntriesAsync"/> returns.</summary>
    public const int MaxEntryPageSize = 500;

    private readonly ICreditLedgerStore _ledger;
    private readonly ICustomerStore _customers;
    private readonly LedgerPoster _poster;
    private readonly PermissionGuard _guard;
    private readonly CustomerErrorDescriber _describer;
    private readonly TimeProvider _time;
    private readonly MoneyRules _money;

    internal CreditService(
        ICreditLedgerStore ledger,
        ICustomerStore customers,
        LedgerPoster poster,
        PermissionGuard guard,
        CustomerErrorDescriber describer,
        TimeProvider time,
        MoneyRules money)
    {
        _money = money;
        _ledger = ledger;
        _customers = customers;
        _poster = poster;
        _guard = guard;
        _describer = describer;
        _time = time;
    }

    /// <summary>
    /// Opens a named credit line for a customer. Fails with <see cref="CustomerErrorCodes.DuplicateCreditLineName"/> when
    /// the customer already has a line of that name (case ignored).
    /// </summary>
    public async Task<OperationResult<LedgerAccount>> OpenCreditLineAsync(
        MerchantId merchantId, Guid customerId, CreditLineInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.CreditPost, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<LedgerAccount>.Failed(denied);
        }

        if (ValidateCreditLine(input) is { Count: > 0 } errors)
        {
            return OperationResult<LedgerAccount>.Failed(errors);
        }

        if (await _customers.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return OperationResult<LedgerAccount>.Failed(_describer.NotFound());
        }

        var account = _poster.NewAccount(merchantId, customerId, LedgerAccountKind.CreditLine, input.Limit.Currency, input.Name.Trim());
        account.Limit = input.Limit.Amount;
        account.PaymentTermDays = input.PaymentTermDays;
        account.IsActive = input.IsActive;
        var outcome = await _poster.CreateAccountAsync(account, cancellationToken).ConfigureAwait(false);
        return outcome == StoreWriteOutcome.Success
            ? OperationResult<LedgerAccount>.Success(account)
            : OperationResult<LedgerAccount>.Failed(AccountOutcomeError(outcome, account.Name));
    }

    /// <summary>
    /// Changes a credit line's name, limit, term or active flag. The limit keeps the line's currency; lowering it below
    /// the balance is allowed and only stops further charges. <paramref name="expectedVersion"/> is the version read.
    /// </summary>
    public async Task<OperationResult<LedgerAccount>> UpdateCreditLineAsync(
        MerchantId merchantId, Guid accountId, long expectedVersion, CreditLineInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.CreditPost, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<LedgerAccount>.Failed(denied);
        }

        if (ValidateCreditLine(input) is { Count: > 0 } errors)
        {
            return OperationResult<LedgerAccount>.Failed(errors);
        }

        var account = await _ledger.FindAccountAsync(merchantId, accountId, cancellationToken).ConfigureAwait(false);
        if (account is not { Kind: LedgerAccountKind.CreditLine })
        {
            return OperationResult<LedgerAccount>.Failed(_describer.NotFound(NotFoundSubject.CreditLine));
        }

        if (account.Version != expectedVersion)
        {
            return OperationResult<LedgerAccount>.Failed(_describer.VersionConflict());
        }

        if (input.Limit.Currency != account.Unit)
        {
            return OperationResult<LedgerAccount>.Failed(_describer.CurrencyMismatch(account.Unit, input.Limit.Currency));
        }

        account.Name = input.Name.Trim();
        account.NormalizedName = LedgerPoster.NormalizeName(input.Name);
        account.Limit = input.Limit.Amount;
        account.PaymentTermDays = input.PaymentTermDays;
        account.IsActive = input.IsActive;
        var outcome = await _poster.UpdateAccountAsync(account, expectedVersion, cancellationToken).ConfigureAwait(false);
        return outcome == StoreWriteOutcome.Success
            ? OperationResult<LedgerAccount>.Success(account)
            : OperationResult<LedgerAccount>.Failed(AccountOutcomeError(outcome, account.Name));
    }

    /// <summary>Every ledger account of a customer (credit lines and store credit), by kind then name.</summary>
    public async Task<OperationResult<IReadOnlyList<LedgerAccount>>> ListAccountsAsync(
        MerchantId merchantId, Guid customerId, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<IReadOnlyList<LedgerAccount>>.Failed(denied);
        }

        return OperationResult<IReadOnlyList<LedgerAccount>>.Success(
            await _ledger.ListAccountsAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads one ledger account.</summary>
    public async Task<OperationResult<LedgerAccount>> GetAccountAsync(MerchantId merchantId, Guid accountId, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<LedgerAccount>.Failed(denied);
        }

        var account = await _ledger.FindAccountAsync(merchantId, accountId, cancellationToken).ConfigureAwait(false);
        return account is null
            ? OperationResult<LedgerAccount>.Failed(_describer.NotFound(NotFoundSubject.LedgerAccount))
            : OperationResult<LedgerAccount>.Success(account);
    }

    /// <summary>
    /// Charges a sale to a credit line. When the balance would pass the limit the result is
    /// <see cref="CustomerErrorCodes.CreditLimitExceeded"/>, unless the merchant's policy is
    /// <see cref="CreditLimitPolicy.Warn"/> and <see cref="LedgerPostingDetails.OverrideReason"/> is given (it is recorded
    /// on the entry). An inactive line fails with <see cref="CustomerErrorCodes.CreditLineInactive"/>.
    /// </summary>
    public Task<OperationResult<LedgerPosting>> ChargeAsync(
        MerchantId merchantId, Guid accountId, Money amount, LedgerPostingDetails details, CancellationToken cancellationToken = default) =>
        _poster.PostAsync(merchantId, LedgerEntryType.Charge, details, LedgerPoster.Target(accountId), amount, AmountRule.Positive,
            ct => CreditLineAsync(merchantId, accountId, ct),
            (account, settings, _) => Task.FromResult(DecideCharge(account, amount, details, settings)),
            CustomerPermissions.CreditPost,
            cancellationToken);

    /// <summary>Records a payment on a credit line; more than the balance owed fails with <see cref="CustomerErrorCodes.PaymentExceedsBalance"/>.</summary>
    public Task<OperationResult<LedgerPosting>> RecordPaymentAsync(
        MerchantId merchantId, Guid accountId, Money amount, LedgerPostingDetails details, CancellationToken cancellationToken = default) =>
        _poster.PostAsync(merchantId, LedgerEntryType.Payment, details, LedgerPoster.Target(accountId), amount, AmountRule.Positive,
            ct => CreditLineAsync(merchantId, accountId, ct),
            (account, _, _) => Task.FromResult(
                CurrencyError(account, amount) is { } mismatch ? LedgerPoster.Fail(mismatch)
                : amount.Amount > account.Balance ? LedgerPoster.Fail(_describer.PaymentExceedsBalance(ToMoney(account, account.Balance)))
                : LedgerPoster.Draft(-amount.Amount)),
            CustomerPermissions.CreditPost,
            cancellationToken);

    /// <summary>
    /// Posts a correction to any account: a positive <paramref name="change"/> raises the balance, a negative one lowers
    /// it. <see cref="LedgerPostingDetails.Note"/> is the required reason. A credit line cannot go below zero; store
    /// credit cannot go below what is held.
    /// </summary>
    public Task<OperationResult<LedgerPosting>> AdjustAsync(
        MerchantId merchantId, Guid accountId, Money change, LedgerPostingDetails details, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (TextNormalizer.Clean(details.Note) is null)
        {
            return Task.FromResult(OperationResult<LedgerPosting>.Failed(_describer.Required("Note")));
        }

        return _poster.PostAsync(merchantId, LedgerEntryType.Adjustment, details, LedgerPoster.Target(accountId), change, AmountRule.NonZero,
            async ct =>
            {
                var account = await _ledger.FindAccountAsync(merchantId, accountId, ct).ConfigureAwait(false);
                return account is null
                    ? OperationResult<LedgerAccount>.Failed(_describer.NotFound(NotFoundSubject.LedgerAccount))
                    : OperationResult<LedgerAccount>.Success(account);
            },
            (account, _, _) => Task.FromResult(DecideAdjustment(account, change)),
            CustomerPermissions.CreditPost,
            cancellationToken);
    }

    /// <summary>A credit line's balance, limit, available credit and overdue amount (charges past the term, oldest paid first).</summary>
    public async Task<OperationResult<CreditLineStatus>> GetCreditLineStatusAsync(
        MerchantId merchantId, Guid accountId, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<CreditLineStatus>.Failed(denied);
        }

        var account = await _ledger.FindAccountAsync(merchantId, accountId, cancellationToken).ConfigureAwait(false);
        if (account is not { Kind: LedgerAccountKind.CreditLine })
        {
            return OperationResult<CreditLineStatus>.Failed(_describer.NotFound(NotFoundSubject.CreditLine));
        }

        var entries = await ReadAllEntriesAsync(merchantId, accountId, account.Version, cancellationToken).ConfigureAwait(false);
        var (overdue, oldest) = OverdueCalculator.Compute(entries, account.PaymentTermDays, _time.GetUtcNow());
        var limit = account.Limit ?? 0m;
        return OperationResult<CreditLineStatus>.Success(new CreditLineStatus(
            account,
            ToMoney(account, account.Balance),
            ToMoney(account, limit),
            ToMoney(account, Math.Max(0m, limit - account.Balance)),
            ToMoney(account, overdue),
            oldest));
    }

    /// <summary>An account's entries posted in [<paramref name="from"/>, <paramref name="to"/>), with opening and closing balances.</summary>
    public async Task<OperationResult<LedgerStatement>> GetStatementAsync(
        MerchantId merchantId, Guid accountId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<LedgerStatement>.Failed(denied);
        }

        if (to < from)
        {
            return OperationResult<LedgerStatement>.Failed(_describer.EndBeforeStart("To", "From"));
        }

        var account = await _ledger.FindAccountAsync(merchantId, accountId, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return OperationResult<LedgerStatement>.Failed(_describer.NotFound(NotFoundSubject.LedgerAccount));
        }

        var entries = await ReadAllEntriesAsync(merchantId, accountId, account.Version, cancellationToken).ConfigureAwait(false);
        var opening = entries.LastOrDefault(e => e.PostedAt < from)?.BalanceAfter ?? 0m;
        var inPeriod = entries.Where(e => e.PostedAt >= from && e.PostedAt < to).ToList();
        var closing = inPeriod.Count > 0 ? inPeriod[^1].BalanceAfter : opening;
        return OperationResult<LedgerStatement>.Success(new LedgerStatement(account, from, to, opening, inPeriod, closing));
    }

    /// <summary>A page of an account's entries after <paramref name="afterSequence"/> (0 for the start), oldest first.</summary>
    public async Task<OperationResult<IReadOnlyList<LedgerEntry>>> ListEntriesAsync(
        MerchantId merchantId, Guid accountId, long afterSequence = 0, int limit = 100, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<IReadOnlyList<LedgerEntry>>.Failed(denied);
        }

        var page = await _ledger.ListEntriesAsync(merchantId, accountId, afterSequence, Math.Clamp(limit, 1, MaxEntryPageSize), cancellationToken)
            .ConfigureAwait(false);
        return OperationResult<IReadOnlyList<LedgerEntry>>.Success(page);
    }

    private OperationResult<EntryDraft> DecideCharge(LedgerAccount account, Money amount, LedgerPostingDetails details, MerchantSettings settings)
    {
        if (CurrencyError(account, amount) is { } mismatch)
        {
            return LedgerPoster.Fail(mismatch);
        }

        if (!account.IsActive)
        {
            return LedgerPoster.Fail(_describer.CreditLineInactive());
        }

        var after = account.Balance + amount.Amount;
        if (account.Limit is not { } limit || after <= limit)
        {
            return LedgerPoster.Draft(amount.Amount);
        }

        var overrideReason = TextNormalizer.Clean(details.OverrideReason);
        if (settings.CreditLimitPolicy == CreditLimitPolicy.Warn && overrideReason is not null)
        {
            return LedgerPoster.Draft(amount.Amount, overrideReason: overrideReason);
        }

        return LedgerPoster.Fail(_describer.CreditLimitExceeded(
            ToMoney(account, limit), ToMoney(account, after), overrideAllowed: settings.CreditLimitPolicy == CreditLimitPolicy.Warn));
    }

    private OperationResult<EntryDraft> DecideAdjustment(LedgerAccount account, Money change)
    {
        if (CurrencyError(account, change) is { } mismatch)
        {
            return LedgerPoster.Fail(mismatch);
        }

        var after = account.Balance + change.Amount;
        if (account.Kind == LedgerAccountKind.CreditLine && after < 0m)
        {
            return LedgerPoster.Fail(_describer.PaymentExceedsBalance(ToMoney(account, account.Balance)));
        }

        if (account.Kind != LedgerAccountKind.CreditLine && after < account.Held)
        {
            return LedgerPoster.Fail(_describer.InsufficientStoreCredit(ToMoney(account, account.Spendable)));
        }

        return LedgerPoster.Draft(change.Amount);
    }

    private async Task<OperationResult<LedgerAccount>> CreditLineAsync(MerchantId merchantId, Guid accountId, CancellationToken cancellationToken)
    {
        var account = await _ledger.FindAccountAsync(merchantId, accountId, cancellationToken).ConfigureAwait(false);
        return account is { Kind: LedgerAccountKind.CreditLine }
            ? OperationResult<LedgerAccount>.Success(account)
            : OperationResult<LedgerAccount>.Failed(_describer.NotFound(NotFoundSubject.CreditLine));
    }

    private List<CustomerError> ValidateCreditLine(CreditLineInput input)
    {
        var errors = new List<CustomerError>();
        var name = TextNormalizer.Clean(input.Name);
        if (TextHygiene.Check(input.Name, "Name", TextLayout.SingleLine, _describer) is { } controlCharacter)
        {
            errors.Add(controlCharacter);
        }
        else if (name is null)
        {
            errors.Add(_describer.Required("Name"));
        }
        else if (name.Length > CreditLineNameMaxLength)
        {
            errors.Add(_describer.TooLong("Name", CreditLineNameMaxLength));
        }
        else if (PaymentCardDetector.ContainsCardNumber(name))
        {
            errors.Add(_describer.CardNumberDetected("Name"));
        }

        if (input.Limit.IsDefault)
        {
            errors.Add(_describer.Required("Limit"));
        }
        else if ((_money.CurrencyError(input.Limit.Currency, "Limit.Currency")
            ?? _money.AmountError(input.Limit.Amount, input.Limit.Currency, "Limit", mustBePositive: false, _money.MaxAccountBalance)) is { } limitError)
        {
            errors.Add(limitError);
        }

        if (input.PaymentTermDays is < 0 or > MaxPaymentTermDays)
        {
            errors.Add(_describer.ValueOutOfRange("PaymentTermDays", 0, MaxPaymentTermDays));
        }

        return errors;
    }

    private async Task<List<LedgerEntry>> ReadAllEntriesAsync(MerchantId merchantId, Guid accountId, long upToSequence, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        var after = 0L;
        while (true)
        {
            var page = await _ledger.ListEntriesAsync(merchantId, accountId, after, MaxEntryPageSize, cancellationToken).ConfigureAwait(false);
            // Entries appended after the account was read belong to a later state; leave them out so the totals agree.
            entries.AddRange(page.Where(e => e.Sequence <= upToSequence));
            if (page.Count < MaxEntryPageSize || page[^1].Sequence >= upToSequence)
            {
                return entries;
            }

            after = page[^1].Sequence;
        }
    }

    private CustomerError? CurrencyError(LedgerAccount account, Money amount) =>
        amount.Currency == account.Unit ? null : _describer.CurrencyMismatch(account.Unit, amount.Currency);

    private static Money ToMoney(LedgerAccount account, decimal amount) => new(amount, account.Unit);

    private CustomerError AccountOutcomeError(StoreWriteOutcome outcome, string name) => outcome switch
    {
        StoreWriteOutcome.DuplicateName => _describer.DuplicateCreditLineName(name),
        StoreWriteOutcome.VersionConflict => _describer.VersionConflict(),
        StoreWriteOutcome.NotFound => _describer.NotFound(NotFoundSubject.LedgerAccount),
        _ => throw new InvalidOperationException($"Unexpected store outcome {outcome}."),
    };

}
