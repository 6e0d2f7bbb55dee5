namespace CustomerCore.EntityFrameworkCore;

/// <summary>
/// The last change-feed sequence number handed out to a merchant. Appending to the feed increments it in the same
/// statement that reads it back, and the row stays locked until the appending transaction ends, so a merchant's
/// numbers have no gaps and commit in order.
/// </summary>
public sealed class ChangeFeedCounter
{
    /// <summary>The merchant.</summary>
    public MerchantId MerchantId { get; set; }

    /// <summary>The highest sequence number handed out so far (committed or about to commit).</summary>
    public long LastSequence { get; set; }
}
