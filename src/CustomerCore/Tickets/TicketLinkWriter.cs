using CustomerCore.ChangeFeed;
using CustomerCore.Stores;

namespace CustomerCore.Tickets;

/// <summary>
/// The only code that changes a ticket link: stamps its version and time, writes it, and records the customer it
/// left and the customer it joined, in one unit of work with whatever must commit with it (the points that follow it,
/// and the item totals its lines add to its customer).
/// Used by <see cref="TicketLinkService"/> and by merges, which move tickets between customers.
/// </summary>
internal sealed class TicketLinkWriter(
    ITicketLinkStore tickets,
    ICustomerCoreUnitOfWork unitOfWork,
    CustomerItemTotals itemTotals,
    ChangeRecorder recorder,
    CustomerErrorDescriber describer,
    TimeProvider time)
{
    /// <summary>
    /// Replaces <paramref name="previous"/> (as read) with <paramref name="changed"/>. <paramref name="alongside"/> runs
    /// first, on the stamped link, inside the same unit of work; a failure there writes nothing.
    /// </summary>
    public async Task<OperationResult<TicketLink>> SaveAsync(
        TicketLink previous, TicketLink changed, Func<TicketLink, CancellationToken, Task<OperationResult>>? alongside, CancellationToken cancellationToken)
    {
        changed.UpdatedAt = time.GetUtcNow();
        changed.Version = previous.Version + 1;
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (alongside is not null && await alongside(changed, cancellationToken).ConfigureAwait(false) is { Succeeded: false } refused)
        {
            return OperationResult<TicketLink>.Failed(refused.Errors);
        }

        var outcome = await tickets.UpdateAsync(changed, previous.Version, cancellationToken).ConfigureAwait(false);
        if (outcome != StoreWriteOutcome.Success)
        {
            return OperationResult<TicketLink>.Failed(outcome == StoreWriteOutcome.NotFound ? describer.NotFound(NotFoundSubject.Ticket) : describer.VersionConflict());
        }

        if (await itemTotals.ApplyAsync(previous, changed, cancellationToken).ConfigureAwait(false) != StoreWriteOutcome.Success)
        {
            return OperationResult<TicketLink>.Failed(describer.VersionConflict());
        }

        if (previous.CustomerId != changed.CustomerId)
        {
            if (previous.CustomerId is { } left)
            {
                recorder.RecordAbout(ChangeKind.TicketDetached, changed.MerchantId, left, ["Ticket"]);
            }

            if (changed.CustomerId is { } joined)
            {
                recorder.RecordAbout(ChangeKind.TicketAttached, changed.MerchantId, joined, ["Ticket"]);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return OperationResult<TicketLink>.Success(changed);
    }
}
