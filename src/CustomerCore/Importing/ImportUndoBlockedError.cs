namespace CustomerCore.Importing;

/// <summary>
/// An import undo refused because customers changed since the import (<see cref="CustomerErrorCodes.ImportUndoBlocked"/>),
/// with the customers that block it.
/// </summary>
public sealed record ImportUndoBlockedError : CustomerError
{
    /// <summary>Adds the blocking customers to an error made by the <see cref="CustomerErrorDescriber"/>.</summary>
    public ImportUndoBlockedError(CustomerError error, IReadOnlyList<Guid> blockingCustomerIds)
        : base(error)
    {
        ArgumentNullException.ThrowIfNull(blockingCustomerIds);
        BlockingCustomerIds = blockingCustomerIds;
    }

    /// <summary>The customers that changed since the import (at most 100; the message gives the full count).</summary>
    public IReadOnlyList<Guid> BlockingCustomerIds { get; }
}
