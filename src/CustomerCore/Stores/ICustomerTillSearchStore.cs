using CustomerCore.Customers;

namespace CustomerCore.Stores;

/// <summary>
/// Optional capability of an <see cref="ICustomerStore"/>: answers every lookup a till search needs in one round trip.
/// When the registered customer store also implements this interface, <see cref="CustomerService.SearchAsync"/> calls
/// it once per search instead of one <see cref="ICustomerStore"/> lookup per way of matching; a store without it works
/// unchanged. An implementation must return, for each key that is set, exactly the customers (and in the same order)
/// that the corresponding <see cref="ICustomerStore"/> lookup returns for it with the same limit.
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
public readonly record struct TillSearchHit(Customer Customer, MatchReason Reason);
