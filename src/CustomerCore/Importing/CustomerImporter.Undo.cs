using System.Text.Json;
using CustomerCore.ChangeFeed;
using CustomerCore.Customers;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.Importing;

public sealed partial class CustomerImporter
{
    private const int MaxBlockersListed = 100;

    /// <summary>
    /// Undoes an applied import in one transaction: customers it created are removed and customers it updated get
    /// their earlier values back, provided none of them changed since (their version is still the one the import
    /// left). Otherwise nothing changes and the result fails with <see cref="CustomerErrorCodes.ImportUndoBlocked"/>,
    /// listing the customers that block it in <see cref="ImportUndoBlockedError.BlockingCustomerIds"/>.
    /// </summary>
    public async Task<OperationResult<ImportUndoResult>> UndoAsync(MerchantId merchantId, Guid batchId, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Import, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<ImportUndoResult>.Failed(denied);
        }

        await using var transaction = await _unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var batch = await _batches.FindByIdAsync(merchantId, batchId, cancellationToken).ConfigureAwait(false);
        if (batch is null)
        {
            return OperationResult<ImportUndoResult>.Failed(_describer.NotFound(NotFoundSubject.ImportBatch));
        }

        if (batch.Status == ImportBatchStatus.Undone)
        {
            return OperationResult<ImportUndoResult>.Failed(_describer.ImportAlreadyUndone());
        }

        // First make sure every customer is as the import left it, so a refused undo changes nothing.
        var blockers = new List<Guid>();
        var blockingCount = 0;
        await ForEachEntryPageAsync(merchantId, batchId, (entries, current) =>
        {
            foreach (var entry in entries)
            {
                var customer = current.GetValueOrDefault(entry.CustomerId);
                var blocked = entry.Change == ImportBatchChange.Created
                    ? customer is not null && customer.Version != entry.VersionAfter
                    : customer is null || customer.Version != entry.VersionAfter;
                if (blocked)
                {
                    blockingCount++;
                    if (blockers.Count < MaxBlockersListed)
                    {
                        blockers.Add(entry.CustomerId);
                    }
                }
            }

            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);

        if (blockingCount > 0)
        {
            return OperationResult<ImportUndoResult>.Failed(new ImportUndoBlockedError(_describer.ImportUndoBlocked(blockingCount), blockers));
        }

        var now = _time.GetUtcNow();
        int removed = 0, restored = 0;
        CustomerError? failure = null;
        await ForEachEntryPageAsync(merchantId, batchId, async (entries, current) =>
        {
            foreach (var entry in entries)
            {
                if (failure is not null || current.GetValueOrDefault(entry.CustomerId) is not { } customer)
                {
                    continue;
                }

                var origin = new ChangeOrigin(ImportBatchId: batchId);
                if (entry.Change == ImportBatchChange.Created)
                {
                    var deleted = await _writer.DeleteAsync(customer, ChangeKind.ImportUndone, origin, cancellationToken).ConfigureAwait(false);
                    if (deleted.Succeeded)
                    {
                        removed++;
                    }
                    else
                    {
                        failure = deleted.Errors[0];
                    }

                    continue;
                }

                var before = JsonSerializer.Deserialize<Customer>(entry.BeforeImage!, BeforeImageJson)!;
                before.MerchantId = merchantId;
                var consents = RestoredConsents(customer, before, now);
                var written = await _writer.UpdateAsync(customer, before, ChangeKind.ImportUndone, consents, origin, cancellationToken).ConfigureAwait(false);
                if (!written.Succeeded)
                {
                    failure = written.Errors[0];
                    continue;
                }

                restored++;
            }
        }, cancellationToken).ConfigureAwait(false);

        if (failure is not null)
        {
            return OperationResult<ImportUndoResult>.Failed(failure);
        }

        batch.Status = ImportBatchStatus.Undone;
        batch.UndoneAt = now;
        batch.UndoneBy = _guard.Actor;
        await _batches.UpdateAsync(batch, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogUndone(batchId, removed, restored);
        return OperationResult<ImportUndoResult>.Success(new ImportUndoResult(batchId, removed, restored));
    }

    private async Task ForEachEntryPageAsync(
        MerchantId merchantId, Guid batchId, Func<IReadOnlyList<ImportBatchEntry>, Dictionary<Guid, Customer>, Task> handle, CancellationToken cancellationToken)
    {
        Guid? after = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entries = await _batches.ListEntriesAsync(merchantId, batchId, after, UndoPageSize, cancellationToken).ConfigureAwait(false);
            if (entries.Count == 0)
            {
                return;
            }

            var current = (await _store.FindByIdsAsync(merchantId, entries.Select(e => e.CustomerId).ToList(), cancellationToken).ConfigureAwait(false))
                .ToDictionary(c => c.Id);
            await handle(entries, current).ConfigureAwait(false);
            after = entries[^1].CustomerId;
            if (entries.Count < UndoPageSize)
            {
                return;
            }
        }
    }

    // The history is append-only: restoring an earlier consent is itself a recorded decision.
    private List<ConsentRecord> RestoredConsents(Customer current, Customer restored, DateTimeOffset now)
    {
        var records = new List<ConsentRecord>();
        foreach (var channel in (ConsentChannel[])[ConsentChannel.Email, ConsentChannel.Sms])
        {
            var state = channel == ConsentChannel.Email ? restored.EmailConsent : restored.SmsConsent;
            var previous = channel == ConsentChannel.Email ? current.EmailConsent : current.SmsConsent;
            if (state.Status != previous.Status)
            {
                records.Add(_rules.ConsentRecordFor(restored, channel, state with { Source = ConsentSource.Import }, now));
            }
        }

        return records;
    }
}
