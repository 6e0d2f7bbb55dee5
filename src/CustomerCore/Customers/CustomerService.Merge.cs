using System.Globalization;
using CustomerCore.ChangeFeed;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.Customers;

public sealed partial class CustomerService
{
    private const int MergeChainLimit = 16;

    private static readonly MergeField[] MergeFields =
    [
        new(nameof(CustomerInput.FirstName), c => c.FirstName, (i, c) => i with { FirstName = c.FirstName }),
        new(nameof(CustomerInput.LastName), c => c.LastName, (i, c) => i with { LastName = c.LastName }),
        new(nameof(CustomerInput.DisplayName), c => c.DisplayName, (i, c) => i with { DisplayName = c.DisplayName }),
        new(nameof(CustomerInput.CompanyName), c => c.CompanyName, (i, c) => i with { CompanyName = c.CompanyName }),
        new(nameof(CustomerInput.Email), c => c.Email, (i, c) => i with { Email = c.Email }),
        new(nameof(CustomerInput.Phone), c => c.Phone, (i, c) => i with { Phone = c.Phone }),
        new(nameof(CustomerInput.SecondaryPhone), c => c.SecondaryPhone, (i, c) => i with { SecondaryPhone = c.SecondaryPhone }),
        new(nameof(CustomerInput.AddressLine1), c => c.AddressLine1, (i, c) => i with { AddressLine1 = c.AddressLine1 }),
        new(nameof(CustomerInput.AddressLine2), c => c.AddressLine2, (i, c) => i with { AddressLine2 = c.AddressLine2 }),
        new(nameof(CustomerInput.HouseNumber), c => c.HouseNumber, (i, c) => i with { HouseNumber = c.HouseNumber }),
        new(nameof(CustomerInput.City), c => c.City, (i, c) => i with { City = c.City }),
        new(nameof(CustomerInput.Region), c => c.Region, (i, c) => i with { Region = c.Region }),
        new(nameof(CustomerInput.PostalCode), c => c.PostalCode, (i, c) => i with { PostalCode = c.PostalCode }),
        new(nameof(CustomerInput.Country), c => c.Country, (i, c) => i with { Country = c.Country }),
        new(nameof(CustomerInput.CustomerCode), c => c.CustomerCode, (i, c) => i with { CustomerCode = c.CustomerCode }),
        new(nameof(CustomerInput.Birthday), c => c.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (i, c) => i with { Birthday = c.Birthday }),
        new(nameof(CustomerInput.Note), c => c.Note, (i, c) => i with { Note = c.Note }),
        new(nameof(CustomerInput.Tags), c => c.Tags.Count == 0 ? null : string.Join(", ", c.Tags), (i, c) => i with { Tags = c.Tags }),
        new(nameof(CustomerInput.Preferences), c => c.Preferences.Count == 0 ? null : Importing.CustomerCsvFormat.JoinPreferences(c.Preferences), (i, c) => i with { Preferences = c.Preferences }),
    ];

    /// <summary>
    /// Shows what merging <paramref name="removeId"/> into <paramref name="keepId"/> would do: fields that differ (each with
    /// its default choice), tickets that move, and the kept customer as it would look afterwards. Writes nothing.
    /// </summary>
    public async Task<OperationResult<MergePreview>> PreviewMergeAsync(
        MerchantId merchantId, Guid keepId, Guid removeId, IReadOnlyDictionary<string, MergeSide>? fieldChoices = null, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Merge, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<MergePreview>.Failed(denied);
        }

        var loaded = await LoadPairAsync(merchantId, keepId, removeId, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return OperationResult<MergePreview>.Failed(loaded.Errors);
        }

        var (kept, removed) = loaded.Value;
        var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);
        var merged = BuildMerged(kept, removed, fieldChoices ?? new Dictionary<string, MergeSide>(), settings.DefaultRegion, out var input);
        var errors = _rules.Validate(input, settings);
        if (errors.Count > 0)
        {
            return OperationResult<MergePreview>.Failed(errors);
        }

        var tickets = await ListAllTicketsAsync(merchantId, removed.Id, cancellationToken).ConfigureAwait(false);
        var balances = (await _ledger.ListAccountsAsync(merchantId, removed.Id, cancellationToken).ConfigureAwait(false)).Where(a => a.Balance != 0m).ToList();
        return OperationResult<MergePreview>.Success(new MergePreview(kept, removed, Differences(kept, removed), tickets.Count, merged, balances));
    }

    /// <summary>
    /// Merges one customer into another in one unit of work: the kept customer takes the chosen field values, the newer
    /// consent decision per channel, the group (when it has none) and every ticket link; the removed customer is deleted and
    /// its id resolves to the kept one in <see cref="GetAsync"/>. Both versions must be the ones the caller reviewed.
    /// Returns the merge record, whose id <see cref="UndoMergeAsync"/> takes.
    /// </summary>
    public async Task<OperationResult<CustomerMergeRecord>> MergeAsync(MerchantId merchantId, MergeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Merge, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<CustomerMergeRecord>.Failed(denied);
        }

        var loaded = await LoadPairAsync(merchantId, request.KeepId, request.RemoveId, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return OperationResult<CustomerMergeRecord>.Failed(loaded.Errors);
        }

        var (kept, removed) = loaded.Value;
        if (kept.Version != request.KeepVersion || removed.Version != request.RemoveVersion)
        {
            return OperationResult<CustomerMergeRecord>.Failed(_describer.VersionConflict());
        }

        var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var merged = BuildMerged(kept, removed, request.FieldChoices, settings.DefaultRegion, out var input);
        var errors = _rules.Validate(input, settings);
        if (errors.Count > 0)
        {
            return OperationResult<CustomerMergeRecord>.Failed(errors);
        }

        var consentRecords = AdoptNewerConsent(merged, removed, now);
        var mergeId = Guid.CreateVersion7(now);
        var origin = new ChangeOrigin(MergeId: mergeId);

        await using var transaction = await _unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);

        // The removed customer goes first, so its email and code are free for the kept one to take.
        var deleted = await _writer.DeleteAsync(removed, ChangeKind.CustomerMerged, origin, cancellationToken).ConfigureAwait(false);
        if (!deleted.Succeeded)
        {
            return OperationResult<CustomerMergeRecord>.Failed(deleted.Errors);
        }

        var updated = await _writer.UpdateAsync(kept, merged, ChangeKind.CustomerMerged, consentRecords, origin, cancellationToken).ConfigureAwait(false);
        if (!updated.Succeeded)
        {
            return OperationResult<CustomerMergeRecord>.Failed(updated.Errors);
        }

        var moved = await MoveTicketsAsync(merchantId, removed.Id, kept.Id, cancellationToken).ConfigureAwait(false);
        if (moved is null)
        {
            return OperationResult<CustomerMergeRecord>.Failed(_describer.VersionConflict());
        }

        var transfers = await _poster.MoveBalancesAsync(merchantId, removed.Id, kept.Id, $"merge:{mergeId:N}", cancellationToken).ConfigureAwait(false);
        if (!transfers.Succeeded)
        {
            return OperationResult<CustomerMergeRecord>.Failed(transfers.Errors);
        }

        var mergeRecord = new CustomerMergeRecord
        {
            Id = mergeId,
            LedgerTransfers = transfers.Value!,
            MerchantId = merchantId,
            KeptId = kept.Id,
            RemovedId = removed.Id,
            KeptBefore = kept,
            RemovedBefore = removed,
            KeptVersionAfter = merged.Version,
            MovedTickets = moved,
            MergedAt = now,
            MergedBy = _guard.Actor,
        };
        await _merges.CreateAsync(mergeRecord, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogMerged(removed.Id, kept.Id, moved.Count);
        return OperationResult<CustomerMergeRecord>.Success(mergeRecord);
    }

    /// <summary>
    /// Undoes a merge: restores both customers as they were and moves the tickets back. Only while nothing has changed
    /// since — the kept customer and every moved ticket must be at the version the merge left — otherwise the result is
    /// <see cref="CustomerErrorCodes.MergeUndoBlocked"/> and says why.
    /// </summary>
    public async Task<OperationResult<Customer>> UndoMergeAsync(MerchantId merchantId, Guid mergeId, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Merge, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<Customer>.Failed(denied);
        }

        var record = await _merges.FindAsync(merchantId, mergeId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return OperationResult<Customer>.Failed(_describer.NotFound(NotFoundSubject.Merge));
        }

        if (record.UndoneAt is not null)
        {
            return OperationResult<Customer>.Failed(_describer.MergeUndoBlocked(MergeUndoBlocker.AlreadyUndone));
        }

        var kept = await _store.FindByIdAsync(merchantId, record.KeptId, cancellationToken).ConfigureAwait(false);
        if (kept is null || kept.Version != record.KeptVersionAfter)
        {
            return OperationResult<Customer>.Failed(_describer.MergeUndoBlocked(MergeUndoBlocker.KeptCustomerChanged));
        }

        foreach (var moved in record.MovedTickets)
        {
            var ticket = await _tickets.FindByReferenceAsync(merchantId, moved.TicketReference, cancellationToken).ConfigureAwait(false);
            if (ticket is null || ticket.Version != moved.VersionAfter || ticket.CustomerId != record.KeptId)
            {
                return OperationResult<Customer>.Failed(_describer.MergeUndoBlocked(MergeUndoBlocker.TicketChanged, moved.TicketReference));
            }
        }

        if (await _poster.FirstChangedSinceAsync(merchantId, record.LedgerTransfers, cancellationToken).ConfigureAwait(false) is { } changedAccount)
        {
            return OperationResult<Customer>.Failed(_describer.MergeUndoBlocked(MergeUndoBlocker.LedgerAccountChanged, changedAccount.ToString()));
        }

        var now = _time.GetUtcNow();
        await using var transaction = await _unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var origin = new ChangeOrigin(MergeId: record.Id);
        var restoredKept = record.KeptBefore.Clone();
        var keptWritten = await _writer.UpdateAsync(kept, restoredKept, ChangeKind.CustomerUnmerged, [], origin, cancellationToken).ConfigureAwait(false);
        if (!keptWritten.Succeeded)
        {
            return keptWritten;
        }

        var restoredRemoved = record.RemovedBefore.Clone();
        var removedWritten = await _writer.CreateAsync(restoredRemoved, ChangeKind.CustomerUnmerged, [], origin, cancellationToken).ConfigureAwait(false);
        if (!removedWritten.Succeeded)
        {
            return OperationResult<Customer>.Failed(_describer.MergeUndoBlocked(MergeUndoBlocker.IdentityTaken));
        }

        foreach (var moved in record.MovedTickets)
        {
            var ticket = (await _tickets.FindByReferenceAsync(merchantId, moved.TicketReference, cancellationToken).ConfigureAwait(false))!;
            var back = ticket.Clone();
            back.CustomerId = record.RemovedId;
            if (back.PointsCustomerId == record.KeptId)
            {
                back.PointsCustomerId = record.RemovedId;
            }

            if (!(await _ticketWriter.SaveAsync(ticket, back, null, cancellationToken).ConfigureAwait(false)).Succeeded)
            {
                return OperationResult<Customer>.Failed(_describer.VersionConflict());
            }
        }

        var reversed = await _poster.ReverseTransfersAsync(merchantId, record.LedgerTransfers, $"unmerge:{record.Id:N}", cancellationToken).ConfigureAwait(false);
        if (!reversed.Succeeded)
        {
            return OperationResult<Customer>.Failed(reversed.Errors);
        }

        await _merges.MarkUndoneAsync(merchantId, record.Id, now, _guard.Actor, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return OperationResult<Customer>.Success(restoredKept);
    }

    /// <summary>Follows merge records from a merged-away id to the customer that absorbed it.</summary>
    private async Task<Customer?> FindFollowingMergesAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken)
    {
        var id = customerId;
        for (var hop = 0; hop < MergeChainLimit; hop++)
        {
            var customer = await _store.FindByIdAsync(merchantId, id, cancellationToken).ConfigureAwait(false);
            if (customer is not null)
            {
                return customer;
            }

            var merge = await _merges.FindActiveByRemovedIdAsync(merchantId, id, cancellationToken).ConfigureAwait(false);
            if (merge is null)
            {
                return null;
            }

            id = merge.KeptId;
        }

        return null;
    }

    private async Task<OperationResult<(Customer Kept, Customer Removed)>> LoadPairAsync(
        MerchantId merchantId, Guid keepId, Guid removeId, CancellationToken cancellationToken)
    {
        if (keepId == removeId)
        {
            return OperationResult<(Customer, Customer)>.Failed(_describer.MergeSameCustomer());
        }

        var kept = await _store.FindByIdAsync(merchantId, keepId, cancellationToken).ConfigureAwait(false);
        var removed = await _store.FindByIdAsync(merchantId, removeId, cancellationToken).ConfigureAwait(false);
        return kept is null || removed is null
            ? OperationResult<(Customer, Customer)>.Failed(_describer.NotFound())
            : OperationResult<(Customer, Customer)>.Success((kept, removed));
    }

    private Customer BuildMerged(Customer kept, Customer removed, IReadOnlyDictionary<string, MergeSide> choices, string region, out CustomerInput input)
    {
        input = CustomerInput.From(kept);
        foreach (var field in MergeFields)
        {
            var side = choices.TryGetValue(field.Name, out var chosen) ? chosen : DefaultSide(field.Read(kept), field.Read(removed));
            if (side == MergeSide.Removed)
            {
                input = field.TakeFromRemoved(input, removed);
            }
        }

        var merged = kept.Clone();
        _rules.Apply(merged, input, region);
        var groupSide = choices.TryGetValue("GroupId", out var groupChoice) ? groupChoice : DefaultSide(kept.GroupId?.ToString(), removed.GroupId?.ToString());
        merged.GroupId = groupSide == MergeSide.Removed ? removed.GroupId : kept.GroupId;
        return merged;
    }

    private static List<MergeFieldDifference> Differences(Customer kept, Customer removed)
    {
        var differences = MergeFields
            .Select(f => (f.Name, Kept: f.Read(kept), Removed: f.Read(removed)))
            .Where(f => !string.Equals(f.Kept, f.Removed, StringComparison.Ordinal))
            .Select(f => new MergeFieldDifference(f.Name, f.Kept, f.Removed, DefaultSide(f.Kept, f.Removed)))
            .ToList();
        if (kept.GroupId != removed.GroupId)
        {
            var k = kept.GroupId?.ToString();
            var r = removed.GroupId?.ToString();
            differences.Add(new MergeFieldDifference("GroupId", k, r, DefaultSide(k, r)));
        }

        return differences;
    }

    private static MergeSide DefaultSide(string? kept, string? removed) =>
        string.IsNullOrEmpty(kept) && !string.IsNullOrEmpty(removed) ? MergeSide.Removed : MergeSide.Kept;

    private List<ConsentRecord> AdoptNewerConsent(Customer merged, Customer removed, DateTimeOffset now)
    {
        var records = new List<ConsentRecord>();
        if (IsNewer(removed.EmailConsent, merged.EmailConsent))
        {
            merged.EmailConsent = removed.EmailConsent;
            records.Add(_rules.ConsentRecordFor(merged, ConsentChannel.Email, merged.EmailConsent, now));
        }

        if (IsNewer(removed.SmsConsent, merged.SmsConsent))
        {
            merged.SmsConsent = removed.SmsConsent;
            records.Add(_rules.ConsentRecordFor(merged, ConsentChannel.Sms, merged.SmsConsent, now));
        }

        return records;

        static bool IsNewer(ConsentState candidate, ConsentState current) =>
            candidate.Status != ConsentStatus.Unknown && (current.ChangedAt is null || candidate.ChangedAt > current.ChangedAt);
    }

    private async Task<List<Tickets.TicketLink>> ListAllTicketsAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken)
    {
        var all = new List<Tickets.TicketLink>();
        (DateTimeOffset, Guid)? after = null;
        while (true)
        {
            var page = await _tickets.ListByCustomerAsync(merchantId, customerId, after, 500, cancellationToken).ConfigureAwait(false);
            all.AddRange(page);
            if (page.Count < 500)
            {
                return all;
            }

            after = (page[^1].SortTime, page[^1].Id);
        }
    }

    private async Task<List<MovedTicket>?> MoveTicketsAsync(MerchantId merchantId, Guid fromId, Guid toId, CancellationToken cancellationToken)
    {
        var moved = new List<MovedTicket>();
        foreach (var ticket in await ListAllTicketsAsync(merchantId, fromId, cancellationToken).ConfigureAwait(false))
        {
            var changed = ticket.Clone();
            changed.CustomerId = toId;
            if (changed.PointsCustomerId == fromId)
            {
                // The points balance moves with the ledger transfer below, so the ticket's points now belong to the kept customer.
                changed.PointsCustomerId = toId;
            }

            if (!(await _ticketWriter.SaveAsync(ticket, changed, null, cancellationToken).ConfigureAwait(false)).Succeeded)
            {
                return null;
            }

            moved.Add(new MovedTicket(ticket.TicketReference, changed.Version));
        }

        return moved;
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 1003, Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Merged customer {RemovedId} into {KeptId}; {TicketCount} ticket(s) moved")]
    private partial void LogMerged(Guid removedId, Guid keptId, int ticketCount);

    private sealed record MergeField(string Name, Func<Customer, string?> Read, Func<CustomerInput, Customer, CustomerInput> TakeFromRemoved);
}
