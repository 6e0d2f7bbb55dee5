namespace CustomerCore.Customers;

/// <summary>
/// A create stopped by the duplicate guard (<see cref="CustomerErrorCodes.DuplicateEmail"/>,
/// <see cref="CustomerErrorCodes.DuplicateCustomerCode"/> or <see cref="CustomerErrorCodes.PossibleDuplicate"/>),
/// with the existing customers it collided with, so the caller can offer them instead of a new one.
/// </summary>
public sealed record DuplicateCustomersError : CustomerError
{
    /// <summary>Adds the candidates to an error made by the <see cref="CustomerErrorDescriber"/>.</summary>
    public DuplicateCustomersError(CustomerError error, IReadOnlyList<CustomerMatch> candidates)
        : base(error)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        Candidates = candidates;
    }

    /// <summary>The existing customers, strongest match first, and why each matched.</summary>
    public IReadOnlyList<CustomerMatch> Candidates { get; }
}
