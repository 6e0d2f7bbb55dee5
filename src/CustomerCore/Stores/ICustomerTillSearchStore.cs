using CustomerCore.Customers;

namespace CustomerCore.Stores;

/// <summary>
/// Optional capability of an <see cref="ICustomerStore"/>: answers every lookup a till search needs in one round trip,
/// ranked by visit. When the registered customer store also implements this interface,
/// <see cref="CustomerService.SearchAsync"/> calls it once per search instead of one <see cref="ICustomerStore"/> lookup
/// per way of matching; a store without it works, but cannot rank by visit. For each key that is set, an
/// implementation returns the matches of the corresponding <see cref="ICustomerStore"/> lookup, at most
/// <see cref="TillSearchKeys.Limit"/> of them, chosen and ordered by the till order: the most recent visit first (the
/// latest completed or partly refunded ticket linked to the customer; never visited last), then the first and then the
/// second of the customer's <see cref="Customer.NameTokens"/> (ordinal, a missing word as empty), then id. The
/// type-ahead key keeps <see cref="ICustomerStore.FindByPhonePrefixAsync"/>'s phone order. Each hit carries the visit it
/// was ranked by.
/// </summary>
public interface ICustomerTillSearchStore
{
    /// <summary>Runs every lookup <paramref name="keys"/> asks for and returns their matches, each with the way it matched.</summary>
    Task<IReadOnlyList<TillSearchHit>> FindForTillAsync(MerchantId merchantId, TillSearchKeys keys, CancellationToken cancellationToken);
}

/// <summary>The normalized keys of one till search; a null key (or no name words) means that lookup is not wanted.</summary>
/// <param name="NormalizedEmail">As <see cref="ICustomerStore.FindByNormalizedEmailAsync"/>.</param>
/// <param name="NormalizedCustomerCode">As <see cref="ICustomerStore.FindByNormalizedCustomerCodeAsync"/>.</param>
/// <param name="PhoneE164">As <see cref="ICustomerStore.FindByPhoneAsync"/>.</param>
/// <param name="PhonePrefixE164">As <see cref="ICustomerStore.FindByPhonePrefixAsync"/>.</param>
/// <param name="ReversedDigitsPrefix">As <see cref="ICustomerStore.FindByPhoneSuffixAsync"/>.</param>
/// <param name="NormalizedPostalCode">As <see cref="ICustomerStore.FindByPostalCodeAsync"/>.</param>
/// <param name="NameTokenPrefixes">As <see cref="ICustomerStore.FindByNameTokensAsync"/>; empty for none.</param>
/// <param name="Limit">The most matches each lookup returns.</param>
public sealed record TillSearchKeys(
    string? NormalizedEmail,
    string? NormalizedCustomerCode,
    string? PhoneE164,
    string? PhonePrefixE164,
    string? ReversedDigitsPrefix,
    string? NormalizedPostalCode,
    IReadOnlyList<string> NameTokenPrefixes,
    int Limit);

/// <summary>A customer one lookup of a till search found.</summary>
/// <param name="Customer">The customer.</param>
/// <param name="Reason">The lookup that found it: exactly one <see cref="MatchReason"/> flag.</param>
/// <param name="LastVisit">When the customer last visited (the latest completed or partly refunded ticket linked to
/// them, by completion time); null when never. Ranks the customer among matches of the same strength.</param>
public readonly record struct TillSearchHit(Customer Customer, MatchReason Reason, DateTimeOffset? LastVisit = null);
