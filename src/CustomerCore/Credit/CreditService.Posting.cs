using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CustomerCore.Customers;
using CustomerCore.Merchants;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Stores;
using Microsoft.Extensions.Logging;

namespace CustomerCore.Credit;

// The one posting path every ledger operation goes through: idempotency, rule check against the account as read,
// append guarded by that read's version, bounded retry.
public sealed partial class CreditService
{
    private enum AmountRule
    {
        Positive,
        NonZero,
        PositiveWhenGiven,
    }

    private readonly record struct EntryDraft(decimal Amount, decimal HeldChange, Guid? HoldId, string? OverrideReason);

    private async Task<OperationResult<LedgerPosting>> PostAsync(
        MerchantId merchantId,
        LedgerEntryType type,
        LedgerPostingDetails details,
        string target,
        Money? amount,
        AmountRule amountRule,
        Func<CancellationToken, Task<OperationResult<LedgerAccount>>> resolveAccount,
        Func<LedgerAccount, MerchantSettings, CancellationToken, Task<OperationResult<EntryDraft>>> decide,
        CancellationToken cancellationToken,
        string permission = CustomerPermissions.CreditPost)
    {
        merchantId.ThrowIfEmpty();
        ArgumentNullException.ThrowIfNull(details);
        if (await DenyAsync(merchantId, permission, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<LedgerPosting>.Failed(denied);
        }

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

            var (entry, next) = Apply(account, type, decided.Value, key, requestHash, details);
            var outcome = await _ledger.AppendAsync(next, account.Version, entry, cancellationToken).ConfigureAwait(false);
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

    private (LedgerEntry Entry, LedgerAccount Next) Apply(
        LedgerAccount account, LedgerEntryType type, EntryDraft draft, string key, string requestHash, LedgerPostingDetails details)
    {
        var now = _time.GetUtcNow();
        var next = account.Clone();
        next.Balance = account.Balance + draft.Amount;
        next.Held = account.Held + draft.HeldChange;
        next.Version = account.Version + 1;
        next.UpdatedAt = now;
        next.UpdatedBy = _access.ActorId;

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
            PostedBy = _access.ActorId,
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
        if (key is null)
        {
            errors.Add(_describer.Required(nameof(details.IdempotencyKey)));
        }
        else if (key.Length > LedgerPostingDetails.IdempotencyKeyMaxLength)
        {
            errors.Add(_describer.TooLong(nameof(details.IdempotencyKey), LedgerPostingDetails.IdempotencyKeyMaxLength));
        }

        FreeText(details.Reference, nameof(details.Reference), LedgerPostingDetails.ReferenceMaxLength, errors);
        FreeText(details.Note, nameof(details.Note), LedgerPostingDetails.NoteMaxLength, errors);
        FreeText(details.OverrideReason, nameof(details.OverrideReason), LedgerPostingDetails.NoteMaxLength, errors);

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
        else if (rule == AmountRule.NonZero ? value.Amount == 0m : value.Amount <= 0m)
        {
            errors.Add(rule == AmountRule.NonZero ? _describer.ValueMustNotBeZero("Amount") : _describer.AmountNotPositive("Amount"));
        }
        else if (!value.IsRounded)
        {
            errors.Add(_describer.TooManyDecimals("Amount", value.Currency, value.MinorUnits));
        }

        return errors;
    }

    private void FreeText(string? value, string field, int maxLength, List<CustomerError> errors)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > maxLength)
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

    private static string Target(Guid id, string? unit = null) =>
        unit is null ? id.ToString("N") : id.ToString("N") + "/" + unit;

    private static OperationResult<EntryDraft> Draft(decimal amount, decimal heldChange = 0m, Guid? holdId = null, string? overrideReason = null) =>
        OperationResult<EntryDraft>.Success(new EntryDraft(amount, heldChange, holdId, overrideReason));

    private static OperationResult<EntryDraft> Fail(params IEnumerable<CustomerError> errors) => OperationResult<EntryDraft>.Failed(errors);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Posted {EntryType} to ledger account {AccountId} at sequence {Sequence}")]
    private partial void LogPosted(LedgerEntryType entryType, Guid accountId, long sequence);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "{EntryType} on ledger account {AccountId} lost a concurrent write (attempt {Attempt}); retrying")]
    private partial void LogRetry(LedgerEntryType entryType, Guid accountId, int attempt);
}
