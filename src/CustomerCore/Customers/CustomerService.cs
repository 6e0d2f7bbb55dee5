using CustomerCore.Merchants;
using CustomerCore.Phones;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerCore.Customers;

/// <summary>
/// Creates, changes and finds customers. Holds every customer rule (validation, normalization, duplicate guard,
/// consent, concurrency); the stores only load and save.
/// </summary>
public sealed partial class CustomerService
{
    private const int DuplicateCandidateLimit = 10;

    private readonly ICustomerStore _store;
    private readonly IConsentHistoryStore _consentHistory;
    private readonly ICustomerCoreUnitOfWork _unitOfWork;
    private readonly ITicketLinkStore _tickets;
    private readonly ICustomerMergeStore _merges;
    private readonly ICreditLedgerStore _ledger;
    private readonly Credit.CreditService _credit;
    private readonly IMerchantSettingsProvider _settings;
    private readonly ICustomerCoreAccessContext _access;
    private readonly PhoneNormalizer _phones;
    private readonly CustomerErrorDescriber _describer;
    private readonly CustomerInputValidator _validator;
    private readonly TimeProvider _time;
    private readonly ILogger<CustomerService> _logger;

    /// <summary>Creates the service; normally resolved from dependency injection.</summary>
    public CustomerService(
        ICustomerStore store,
        IConsentHistoryStore consentHistory,
        ICustomerCoreUnitOfWork unitOfWork,
        ITicketLinkStore tickets,
        ICustomerMergeStore merges,
        ICreditLedgerStore ledger,
        Credit.CreditService credit,
        IMerchantSettingsProvider settings,
        ICustomerCoreAccessContext access,
        PhoneNormalizer phones,
        CustomerErrorDescriber describer,
        TimeProvider time,
        ILogger<CustomerService>? logger = null)
    {
        _store = store;
        _consentHistory = consentHistory;
        _unitOfWork = unitOfWork;
        _tickets = tickets;
        _merges = merges;
        _ledger = ledger;
        _credit = credit;
        _settings = settings;
        _access = access;
        _phones = phones;
        _describer = describer;
        _validator = new CustomerInputValidator(describer);
        _time = time;
        _logger = logger ?? NullLogger<CustomerService>.Instance;
    }

    /// <summary>
    /// Creates a customer. Fails with <see cref="CustomerErrorCodes.DuplicateEmail"/> or
    /// <see cref="CustomerErrorCodes.DuplicateCustomerCode"/> when those are taken, and with
    /// <see cref="CustomerErrorCodes.PossibleDuplicate"/> (the candidates in <see cref="CustomerCreation.Duplicates"/>)
    /// when the phone, or the name and postal code, match someone, unless
    /// <see cref="CreateCustomerOptions.AllowPossibleDuplicates"/> is set.
    /// </summary>
    public async Task<OperationResult<CustomerCreation>> CreateAsync(
        MerchantId merchantId, CustomerInput input, CreateCustomerOptions? options = null, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        ArgumentNullException.ThrowIfNull(input);
        if (!await _access.HasPermissionAsync(merchantId, CustomerPermissions.Write, cancellationToken).ConfigureAwait(false))
        {
            return OperationResult<CustomerCreation>.Failed(_describer.Forbidden(CustomerPermissions.Write));
        }

        var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);
        var errors = Validate(input, settings);
        if (errors.Count > 0)
        {
            return OperationResult<CustomerCreation>.Failed(errors);
        }

        var now = _time.GetUtcNow();
        var customer = new Customer
        {
            Id = Guid.CreateVersion7(now),
            MerchantId = merchantId,
            CreatedAt = now,
            CreatedBy = _access.ActorId,
            Version = 1,
        };
        Apply(customer, input, settings.DefaultRegion);
        customer.UpdatedAt = now;
        customer.UpdatedBy = _access.ActorId;

        var duplicates = await FindDuplicatesAsync(customer, cancellationToken).ConfigureAwait(false);
        var hard = HardDuplicateErrors(customer, duplicates);
        if (hard.Count > 0)
        {
            return OperationResult<CustomerCreation>.Failed(new CustomerCreation(null, duplicates), hard);
        }

        if (duplicates.Count > 0 && options?.AllowPossibleDuplicates != true)
        {
            return OperationResult<CustomerCreation>.Failed(
                new CustomerCreation(null, duplicates), _describer.PossibleDuplicate(duplicates.Count));
        }

        var consentChanges = ApplyConsent(customer, null, input, settings, now);
        var outcome = await WriteAsync(
            ct => _store.CreateAsync(customer, ct), consentChanges, cancellationToken).ConfigureAwait(false);
        if (outcome != StoreWriteOutcome.Success)
        {
            return OperationResult<CustomerCreation>.Failed(new CustomerCreation(null, duplicates), OutcomeError(outcome));
        }

        LogCreated(customer.Id, PersonalDataMask.Email(customer.Email), PersonalDataMask.Phone(customer.PhoneE164 ?? customer.Phone));
        return OperationResult<CustomerCreation>.Success(new CustomerCreation(customer, duplicates));
    }

    /// <summary>
    /// Replaces a customer's editable fields. <paramref name="expectedVersion"/> is the <see cref="Customer.Version"/>
    /// the caller read; if the customer changed since, nothing is written and the result is
    /// <see cref="CustomerErrorCodes.VersionConflict"/>.
    /// </summary>
    public async Task<OperationResult<Customer>> UpdateAsync(
        MerchantId merchantId, Guid customerId, long expectedVersion, CustomerInput input, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        ArgumentNullException.ThrowIfNull(input);
        if (!await _access.HasPermissionAsync(merchantId, CustomerPermissions.Write, cancellationToken).ConfigureAwait(false))
        {
            return OperationResult<Customer>.Failed(_describer.Forbidden(CustomerPermissions.Write));
        }

        var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);
        var errors = Validate(input, settings);
        if (errors.Count > 0)
        {
            return OperationResult<Customer>.Failed(errors);
        }

        var existing = await _store.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return OperationResult<Customer>.Failed(_describer.NotFound());
        }

        if (existing.Version != expectedVersion)
        {
            return OperationResult<Customer>.Failed(_describer.VersionConflict());
        }

        var now = _time.GetUtcNow();
        var previous = existing.Clone();
        var customer = existing;
        Apply(customer, input, settings.DefaultRegion);
        customer.Version = expectedVersion + 1;
        customer.UpdatedAt = now;
        customer.UpdatedBy = _access.ActorId;

        var uniqueness = await UniquenessErrorsAsync(customer, previous, cancellationToken).ConfigureAwait(false);
        if (uniqueness.Count > 0)
        {
            return OperationResult<Customer>.Failed(uniqueness);
        }

        var consentChanges = ApplyConsent(customer, previous, input, settings, now);
        var outcome = await WriteAsync(
            ct => _store.UpdateAsync(customer, expectedVersion, ct), consentChanges, cancellationToken).ConfigureAwait(false);
        if (outcome != StoreWriteOutcome.Success)
        {
            return OperationResult<Customer>.Failed(OutcomeError(outcome));
        }

        LogUpdated(customer.Id, customer.Version);
        return OperationResult<Customer>.Success(customer);
    }

    /// <summary>Reads one customer. The id of a customer merged into another resolves to the one that absorbed it.</summary>
    public async Task<OperationResult<Customer>> GetAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        if (!await _access.HasPermissionAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false))
        {
            return OperationResult<Customer>.Failed(_describer.Forbidden(CustomerPermissions.Read));
        }

        var customer = await FindFollowingMergesAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        return customer is null
            ? OperationResult<Customer>.Failed(_describer.NotFound())
            : OperationResult<Customer>.Success(customer);
    }

    /// <summary>
    /// Finds an existing customer by email, then by phone, or creates one: lets other modules (appointments, sign-up,
    /// invoices) attach a contact without creating a duplicate. Calling it twice with the same input returns the same customer.
    /// </summary>
    public async Task<OperationResult<CustomerEnsured>> EnsureCustomerAsync(
        MerchantId merchantId, CustomerInput input, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        ArgumentNullException.ThrowIfNull(input);
        if (!await _access.HasPermissionAsync(merchantId, CustomerPermissions.Write, cancellationToken).ConfigureAwait(false))
        {
            return OperationResult<CustomerEnsured>.Failed(_describer.Forbidden(CustomerPermissions.Write));
        }

        var existing = await FindExistingContactAsync(merchantId, input, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return OperationResult<CustomerEnsured>.Success(new CustomerEnsured(existing, Created: false));
        }

        var created = await CreateAsync(merchantId, input, new CreateCustomerOptions { AllowPossibleDuplicates = true }, cancellationToken)
            .ConfigureAwait(false);
        if (created.Succeeded)
        {
            return OperationResult<CustomerEnsured>.Success(new CustomerEnsured(created.Value!.Customer!, Created: true));
        }

        // Another caller may have created the same contact between our lookup and our insert.
        if (created.HasError(CustomerErrorCodes.DuplicateEmail) &&
            await FindExistingContactAsync(merchantId, input, cancellationToken).ConfigureAwait(false) is { } raced)
        {
            return OperationResult<CustomerEnsured>.Success(new CustomerEnsured(raced, Created: false));
        }

        return OperationResult<CustomerEnsured>.Failed(created.Errors);
    }

    /// <summary>Records a marketing consent decision for one channel and appends it to the consent history.</summary>
    public async Task<OperationResult<Customer>> SetConsentAsync(
        MerchantId merchantId, Guid customerId, long expectedVersion, ConsentChannel channel, ConsentInput consent, ConsentSource source,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consent);
        var current = await GetAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        if (!current.Succeeded)
        {
            return current;
        }

        var input = CustomerInput.From(current.Value!) with
        {
            EmailConsent = channel == ConsentChannel.Email ? consent : null,
            SmsConsent = channel == ConsentChannel.Sms ? consent : null,
            Source = source,
        };
        return await UpdateAsync(merchantId, customerId, expectedVersion, input, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The append-only consent history of a customer, oldest first.</summary>
    public async Task<OperationResult<IReadOnlyList<ConsentRecord>>> GetConsentHistoryAsync(
        MerchantId merchantId, Guid customerId, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        if (!await _access.HasPermissionAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false))
        {
            return OperationResult<IReadOnlyList<ConsentRecord>>.Failed(_describer.Forbidden(CustomerPermissions.Read));
        }

        var history = await _consentHistory.ListAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        return OperationResult<IReadOnlyList<ConsentRecord>>.Success(history);
    }

    internal List<CustomerError> Validate(CustomerInput input, MerchantSettings settings)
    {
        var errors = _validator.Validate(input).Errors
            .Select(f => new CustomerError(f.ErrorCode, f.ErrorMessage, f.PropertyName.Split('[')[0]))
            .ToList();
        errors.AddRange(RequiredFieldErrors(input, settings.RequiredFields));
        return errors;
    }

    private IEnumerable<CustomerError> RequiredFieldErrors(CustomerInput input, RequiredFieldPolicy policy)
    {
        foreach (var field in policy.AllOf)
        {
            if (TextNormalizer.Clean(ValueOf(input, field)) is null)
            {
                yield return _describer.Required(field.ToString());
            }
        }

        if (policy.AnyOf.Count > 0 && policy.AnyOf.All(field => TextNormalizer.Clean(ValueOf(input, field)) is null))
        {
            yield return _describer.RequiredFieldPolicyNotMet(policy.AnyOf.Select(f => f.ToString()));
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

    /// <summary>Copies input into the customer and computes every normalized key.</summary>
    internal void Apply(Customer customer, CustomerInput input, string region)
    {
        customer.FirstName = TextNormalizer.Clean(input.FirstName);
        customer.LastName = TextNormalizer.Clean(input.LastName);
        customer.DisplayName = TextNormalizer.Clean(input.DisplayName);
        customer.CompanyName = TextNormalizer.Clean(input.CompanyName);
        customer.Email = TextNormalizer.Clean(input.Email);
        customer.NormalizedEmail = TextNormalizer.Email(input.Email);

        var phone = _phones.Normalize(input.Phone, region);
        customer.Phone = phone?.Raw;
        customer.PhoneE164 = phone?.E164;
        customer.PhoneDigitsReversed = phone is { DigitsReversed.Length: > 0 } ? phone.DigitsReversed : null;
        var secondary = _phones.Normalize(input.SecondaryPhone, region);
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
        customer.NameTokens = TextNormalizer.NameTokens(customer.FirstName, customer.LastName, customer.DisplayName, customer.CompanyName);
    }

    internal List<ConsentRecord> ApplyConsent(Customer customer, Customer? previous, CustomerInput input, MerchantSettings settings, DateTimeOffset now)
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
            records.Add(NewConsentRecord(customer, ConsentChannel.Email, customer.EmailConsent, now));
        }

        if (input.SmsConsent is { } sms && sms.Status != customer.SmsConsent.Status)
        {
            customer.SmsConsent = new ConsentState(sms.Status, now, input.Source, sms.WordingVersion);
            records.Add(NewConsentRecord(customer, ConsentChannel.Sms, customer.SmsConsent, now));
        }

        return records;
    }

    private ConsentRecord NewConsentRecord(Customer customer, ConsentChannel channel, ConsentState state, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        MerchantId = customer.MerchantId,
        CustomerId = customer.Id,
        Channel = channel,
        Status = state.Status,
        RecordedAt = now,
        Source = state.Source ?? ConsentSource.Api,
        WordingVersion = state.WordingVersion,
        RecordedBy = _access.ActorId,
    };

    private async Task<StoreWriteOutcome> WriteAsync(
        Func<CancellationToken, Task<StoreWriteOutcome>> write, List<ConsentRecord> consentChanges, CancellationToken cancellationToken)
    {
        if (consentChanges.Count == 0)
        {
            return await write(cancellationToken).ConfigureAwait(false);
        }

        // The customer's consent state and its history entry must never disagree, so both commit together.
        await using var transaction = await _unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await write(cancellationToken).ConfigureAwait(false);
        if (outcome != StoreWriteOutcome.Success)
        {
            return outcome;
        }

        foreach (var record in consentChanges)
        {
            await _consentHistory.AppendAsync(record, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private async Task<List<CustomerMatch>> FindDuplicatesAsync(Customer customer, CancellationToken cancellationToken)
    {
        var found = new MatchCollector();
        var merchantId = customer.MerchantId;
        if (customer.NormalizedEmail is { } email &&
            await _store.FindByNormalizedEmailAsync(merchantId, email, cancellationToken).ConfigureAwait(false) is { } byEmail)
        {
            found.Add(byEmail, MatchReason.Email, 0);
        }

        if (customer.NormalizedCustomerCode is { } code &&
            await _store.FindByNormalizedCustomerCodeAsync(merchantId, code, cancellationToken).ConfigureAwait(false) is { } byCode)
        {
            found.Add(byCode, MatchReason.CustomerCode, 0);
        }

        if (customer.PhoneE164 is { } phone)
        {
            found.AddRange(await _store.FindByPhoneAsync(merchantId, phone, DuplicateCandidateLimit, cancellationToken).ConfigureAwait(false), MatchReason.Phone, 0);
        }

        if (customer.NormalizedPostalCode is { } postal && (customer.FirstName is not null || customer.LastName is not null))
        {
            var samePostal = await _store.FindByPostalCodeAsync(merchantId, postal, 200, cancellationToken).ConfigureAwait(false);
            found.AddRange(samePostal.Where(c => SameName(c, customer)), MatchReason.NameAndPostalCode, 1);
        }

        return found.Sorted();
    }

    private static bool SameName(Customer a, Customer b) =>
        string.Equals(Fold(a.FirstName), Fold(b.FirstName), StringComparison.Ordinal) &&
        string.Equals(Fold(a.LastName), Fold(b.LastName), StringComparison.Ordinal);

    private static string Fold(string? name) => name is null ? string.Empty : TextNormalizer.FoldAccents(name.Trim());

    private List<CustomerError> HardDuplicateErrors(Customer customer, List<CustomerMatch> duplicates)
    {
        var errors = new List<CustomerError>();
        if (duplicates.Any(d => d.MatchedBy.HasFlag(MatchReason.Email) && d.Customer.Id != customer.Id))
        {
            errors.Add(_describer.DuplicateEmail());
        }

        if (duplicates.Any(d => d.MatchedBy.HasFlag(MatchReason.CustomerCode) && d.Customer.Id != customer.Id))
        {
            errors.Add(_describer.DuplicateCustomerCode());
        }

        return errors;
    }

    private async Task<List<CustomerError>> UniquenessErrorsAsync(Customer customer, Customer previous, CancellationToken cancellationToken)
    {
        var errors = new List<CustomerError>();
        if (customer.NormalizedEmail is { } email && email != previous.NormalizedEmail &&
            await _store.FindByNormalizedEmailAsync(customer.MerchantId, email, cancellationToken).ConfigureAwait(false) is { } other &&
            other.Id != customer.Id)
        {
            errors.Add(_describer.DuplicateEmail());
        }

        if (customer.NormalizedCustomerCode is { } code && code != previous.NormalizedCustomerCode &&
            await _store.FindByNormalizedCustomerCodeAsync(customer.MerchantId, code, cancellationToken).ConfigureAwait(false) is { } byCode &&
            byCode.Id != customer.Id)
        {
            errors.Add(_describer.DuplicateCustomerCode());
        }

        return errors;
    }

    private async Task<Customer?> FindExistingContactAsync(MerchantId merchantId, CustomerInput input, CancellationToken cancellationToken)
    {
        if (TextNormalizer.Email(input.Email) is { } email)
        {
            return await _store.FindByNormalizedEmailAsync(merchantId, email, cancellationToken).ConfigureAwait(false);
        }

        var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);
        if (input.Phone is { } phone && _phones.TryFormatE164(phone, settings.DefaultRegion) is { } e164)
        {
            var matches = await _store.FindByPhoneAsync(merchantId, e164, 1, cancellationToken).ConfigureAwait(false);
            return matches.Count > 0 ? matches[0] : null;
        }

        return null;
    }

    private CustomerError OutcomeError(StoreWriteOutcome outcome) => outcome switch
    {
        StoreWriteOutcome.DuplicateEmail => _describer.DuplicateEmail(),
        StoreWriteOutcome.DuplicateCustomerCode => _describer.DuplicateCustomerCode(),
        StoreWriteOutcome.VersionConflict => _describer.VersionConflict(),
        StoreWriteOutcome.NotFound => _describer.NotFound(),
        _ => throw new InvalidOperationException($"Unexpected store outcome {outcome}."),
    };

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Created customer {CustomerId} (email {Email}, phone {Phone})")]
    private partial void LogCreated(Guid customerId, string email, string phone);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Updated customer {CustomerId} to version {Version}")]
    private partial void LogUpdated(Guid customerId, long version);
}

/// <summary>The result of <see cref="CustomerService.EnsureCustomerAsync"/>.</summary>
/// <param name="Customer">The existing or new customer.</param>
/// <param name="Created">Whether the customer was created by this call.</param>
public sealed record CustomerEnsured(Customer Customer, bool Created);
