using CustomerCore.Merchants;
using CustomerCore.Phones;
using CustomerCore.Privacy;
using CustomerCore.Security;

namespace CustomerCore.Customers;

/// <summary>
/// The rules every customer change follows, whichever service makes it (create, update, import, merge): validation,
/// normalization of every key, and consent decisions with their history records.
/// </summary>
internal sealed class CustomerRules(PhoneNormalizer phones, CustomerErrorDescriber describer, PermissionGuard guard)
{
    private readonly CustomerInputValidator _validator = new(describer);

    /// <summary>Every validation error of <paramref name="input"/> under the merchant's settings.</summary>
    public List<CustomerError> Validate(CustomerInput input, MerchantSettings settings)
    {
        var errors = _validator.Validate(input).Errors
            .Select(f => new CustomerError(f.ErrorCode, f.ErrorMessage, f.PropertyName.Split('[')[0]))
            .ToList();
        errors.AddRange(RequiredFieldErrors(input, settings.RequiredFields));
        return errors;
    }

    /// <summary>Copies input into the customer and computes every normalized key.</summary>
    public void Apply(Customer customer, CustomerInput input, string region)
    {
        customer.FirstName = TextNormalizer.Clean(input.FirstName);
        customer.LastName = TextNormalizer.Clean(input.LastName);
        customer.DisplayName = TextNormalizer.Clean(input.DisplayName);
        customer.CompanyName = TextNormalizer.Clean(input.CompanyName);
        customer.Email = TextNormalizer.Clean(input.Email);
        customer.NormalizedEmail = TextNormalizer.Email(input.Email);

        var phone = phones.Normalize(input.Phone, region);
        customer.Phone = phone?.Raw;
        customer.PhoneE164 = phone?.E164;
        customer.PhoneDigitsReversed = phone is { DigitsReversed.Length: > 0 } ? phone.DigitsReversed : null;
        var secondary = phones.Normalize(input.SecondaryPhone, region);
        customer.SecondaryPhone = secondary?.Raw;
        customer.SecondaryPhoneE164 = secondary?.E164;

        customer.AddressLine1 = TextNormalizer.Clean(input.AddressLine1);
        customer.AddressLine2 = TextNormalizer.Clean(input.AddressLine2);
        customer.HouseNumber = TextNormalizer.Clean(input.HouseNumber);
        customer.City = TextNormalizer.Clean(input.City);
        customer.Region = TextNormalizer.Clean(input.Region);
        customer.PostalCode = TextNormalizer.Clean(input.PostalCode);
        customer.NormalizedPostalCode = TextNormalizer.PostalCode(input.PostalCode);
        customer.Country = TextNormalizer.Clean(input.Country);
        customer.CustomerCode = TextNormalizer.Clean(input.CustomerCode);
        customer.NormalizedCustomerCode = TextNormalizer.CustomerCode(input.CustomerCode);
        customer.Birthday = input.Birthday;
        customer.Note = TextNormalizer.Clean(input.Note);
        customer.Tags = input.Tags?
            .Select(TextNormalizer.Clean)
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList() ?? [];
        customer.Preferences = input.Preferences?
            .Select(p => new CustomerPreference(TextNormalizer.Clean(p.Name) ?? string.Empty, TextNormalizer.Clean(p.Value) ?? string.Empty))
            .ToList() ?? [];
        customer.NameTokens = TextNormalizer.NameTokens(customer.FirstName, customer.LastName, customer.DisplayName, customer.CompanyName);
    }

    /// <summary>
    /// Applies the consent decisions of <paramref name="input"/> (and the merchant's implied-consent policy) to the
    /// customer, returning one history record per channel whose status changed, recorded by <paramref name="actor"/>
    /// (by default the host's current actor; an import passes the one it read on its own thread, since it decides rows
    /// on several threads and a host's access context need not answer on those).
    /// </summary>
    public List<ConsentRecord> ApplyConsent(Customer customer, Customer? previous, CustomerInput input, MerchantSettings settings, DateTimeOffset now, string? actor = null)
    {
        var records = new List<ConsentRecord>();
        var emailDecision = input.EmailConsent;
        var emailNewlyEntered = customer.NormalizedEmail is not null && customer.NormalizedEmail != previous?.NormalizedEmail;
        if (emailDecision is null
            && settings.ConsentPolicy == ConsentPolicy.ImpliedOnEmailEntry
            && emailNewlyEntered
            && customer.EmailConsent.Status == ConsentStatus.Unknown)
        {
            emailDecision = new ConsentInput(ConsentStatus.OptedIn, "implied-on-email-entry");
        }

        if (emailDecision is not null && emailDecision.Status != customer.EmailConsent.Status)
        {
            customer.EmailConsent = new ConsentState(emailDecision.Status, now, input.Source, emailDecision.WordingVersion);
            records.Add(ConsentRecordFor(customer, ConsentChannel.Email, customer.EmailConsent, now, actor));
        }

        if (input.SmsConsent is { } sms && sms.Status != customer.SmsConsent.Status)
        {
            customer.SmsConsent = new ConsentState(sms.Status, now, input.Source, sms.WordingVersion);
            records.Add(ConsentRecordFor(customer, ConsentChannel.Sms, customer.SmsConsent, now, actor));
        }

        return records;
    }

    /// <summary>A history record of the customer's current state on one channel, by <paramref name="actor"/> (by default
    /// the host's current actor).</summary>
    public ConsentRecord ConsentRecordFor(Customer customer, ConsentChannel channel, ConsentState state, DateTimeOffset now, string? actor = null) => new()
    {
        Id = Guid.CreateVersion7(now),
        MerchantId = customer.MerchantId,
        CustomerId = customer.Id,
        Channel = channel,
        Status = state.Status,
        RecordedAt = now,
        Source = state.Source ?? ConsentSource.Api,
        WordingVersion = state.WordingVersion,
        RecordedBy = actor ?? guard.Actor,
    };

    private IEnumerable<CustomerError> RequiredFieldErrors(CustomerInput input, RequiredFieldPolicy policy)
    {
        foreach (var field in policy.AllOf)
        {
            if (TextNormalizer.Clean(ValueOf(input, field)) is null)
            {
                yield return describer.Required(field.ToString());
            }
        }

        if (policy.AnyOf.Count > 0 && policy.AnyOf.All(field => TextNormalizer.Clean(ValueOf(input, field)) is null))
        {
            yield return describer.RequiredFieldPolicyNotMet(policy.AnyOf.Select(f => f.ToString()));
        }
    }

    private static string? ValueOf(CustomerInput input, CustomerField field) => field switch
    {
        CustomerField.FirstName => input.FirstName,
        CustomerField.LastName => input.LastName,
        CustomerField.DisplayName => input.DisplayName,
        CustomerField.CompanyName => input.CompanyName,
        CustomerField.Email => input.Email,
        CustomerField.Phone => input.Phone,
        CustomerField.PostalCode => input.PostalCode,
        CustomerField.CustomerCode => input.CustomerCode,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };
}
