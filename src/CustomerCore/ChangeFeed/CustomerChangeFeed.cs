using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.ChangeFeed;

/// <summary>
/// Reads a merchant's change feed, so a till can keep the directory cached offline: load it once from sequence 0, then
/// poll for entries after the last sequence applied. See docs/change-feed.md. Needs <see cref="CustomerPermissions.Read"/>.
/// </summary>
public sealed class CustomerChangeFeed
{
    /// <summary>The largest page <see cref="ReadAsync"/> returns.</summary>
    public const int MaxPageSize = 1_000;

    private readonly IChangeFeedStore _feed;
    private readonly PermissionGuard _guard;
    private readonly CustomerErrorDescriber _describer;

    internal CustomerChangeFeed(IChangeFeedStore feed, PermissionGuard guard, CustomerErrorDescriber describer)
    {
        _feed = feed;
        _guard = guard;
        _describer = describer;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> entries with a sequence greater than <paramref name="afterSequence"/> (0 for the
    /// start), in sequence order. Numbers have no gaps, so an entry whose sequence is not the previous one plus one means
    /// entries were trimmed and the reader must load the directory again.
    /// </summary>
    public async Task<OperationResult<IReadOnlyList<ChangeFeedEntry>>> ReadAsync(
        MerchantId merchantId, long afterSequence = 0, int limit = 100, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<IReadOnlyList<ChangeFeedEntry>>.Failed(denied);
        }

        if (afterSequence < 0)
        {
            return OperationResult<IReadOnlyList<ChangeFeedEntry>>.Failed(_describer.ValueMustNotBeNegative("afterSequence"));
        }

        if (limit is < 1 or > MaxPageSize)
        {
            return OperationResult<IReadOnlyList<ChangeFeedEntry>>.Failed(_describer.ValueOutOfRange("limit", 1, MaxPageSize));
        }

        var entries = await _feed.ReadAsync(merchantId, afterSequence, limit, cancellationToken).ConfigureAwait(false);
        return OperationResult<IReadOnlyList<ChangeFeedEntry>>.Success(entries);
    }
}
