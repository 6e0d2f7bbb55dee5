using CustomerCore.ChangeFeed;
using CustomerCore.Credit;
using CustomerCore.Merchants;
using CustomerCore.Phones;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Stores;
using CustomerCore.Tickets;
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
    private readonly CustomerRules _rules;
    private readonly CustomerWriter _writer;
    private readonly LedgerPoster _poster;
    private readonly TicketLinkWriter _ticketWriter;
    private readonly IMerchantSettingsProvider _settings;
    private readonly PermissionGuard _guard;
    private readonly PhoneNormalizer _phones;
    private readonly CustomerErrorDescriber _describer;
    private readonly TimeProvider _time;
    private readonly ILogger<CustomerService> _logger;

    internal CustomerService(
        ICustomerStore store,
        IConsentHistoryStore consentHistory,
        ICustomerCoreUnitOfWork unitOfWork,
        ITicketLinkStore tickets,
        ICustomerMergeStore merges,
        ICreditLedgerStore ledger,
        CustomerRules rules,
        CustomerWriter writer,
        LedgerPoster poster,
        TicketLinkWriter ticketWriter,
        IMerchantSettingsProvider settings,
        PermissionGuard guard,
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
        _rules = rules;
        _writer = writer;
        _poster = poster;
        _ticketWriter = ticketWriter;
        _settings = settings;
        _guard = guard;
        _phones = phones;
        _describer = describer;
        _time = time;
        _logger = logger ?? NullLogger<CustomerService>.Instance;
    }

    /// <summary>
    /// Creates a customer. Fails with <see cref="CustomerErrorCodes.DuplicateEmail"/> or
    /// <see cref="CustomerErrorCodes.DuplicateCustomerCode"/> when those are taken, and with
    /// <see cref="CustomerErrorCodes.PossibleDuplicate"/> when the phone, or the name and postal code, match someone,
    /// unless <see cref="CreateCustomerOptions.AllowPossibleDuplicates"/> is set. Each of those errors is a
    /// <see cref="DuplicateCustomersError"/> naming the customers it collided with.
    /// </summary>
    public async Task<OperationResult<CustomerCreation>> CreateAsync(
        MerchantId merchantId, CustomerInput input, CreateCustomerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Write, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<CustomerCreation>.Failed(denied);
        }

        var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);
        var errors = _rules.Validate(input, settings);
        if (errors.Count > 0)
        {
            return OperationResult<CustomerCreation>.Failed(errors);
        }

        var now = _time.GetUtcNow();
        var customer = new Customer
        {
            Id = Guid.CreateVersion7(now),
            MerchantId = merchantId,
        };
        _rules.Apply(customer, input, settings.DefaultRegion);

        var duplicates = await FindDuplicatesAsync(customer, cancellationToken).ConfigureAwait(false);
        var hard = HardDuplicateErrors(customer, duplicates);
        if (hard.Count > 0)
        {
            return OperationResult<CustomerCreation>.Failed(hard);
        }

        if (duplicates.Count > 0 && options?.AllowPossibleDuplicates != true)
        {
            return OperationResult<CustomerCreation>.Failed(
                new DuplicateCustomersError(_describer.PossibleDuplicate(duplicates.Count), duplicates));
        }

        var consentChanges = _rules.ApplyConsent(customer, null, input, settings, now);
        var written = await _writer.CreateAsync(customer, ChangeKind.CustomerCreated, consentChanges, null, cancellationToken).ConfigureAwait(false);
        if (!written.Succeeded)
        {
            return OperationResult<CustomerCreation>.Failed(written.Errors);
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
        ArgumentNullException.ThrowIfNull(input);
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Write, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<Customer>.Failed(denied);
        }

        var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);
        var errors = _rules.Validate(input, settings);
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
        var previous = existing;
        var customer = existing.Clone();
        _rules.Apply(customer, input, settings.DefaultRegion);

        var uniqueness = await UniquenessErrorsAsync(customer, previous, cancellationToken).ConfigureAwait(false);
        if (uniqueness.Count > 0)
        {
            return OperationResult<Customer>.Failed(uniqueness);
        }

        var consentChanges = _rules.ApplyConsent(customer, previous, input, settings, now);
        var kind = consentChanges.Count > 0 && CustomerWriter.FieldsOf(previous, customer).All(f => f is nameof(Customer.EmailConsent) or nameof(Customer.SmsConsent))
            ? ChangeKind.ConsentChanged
            : ChangeKind.CustomerUpdated;
        var written = await _writer.UpdateAsync(previous, customer, kind, consentChanges, null, cancellationToken).ConfigureAwait(false);
        if (!written.Succeeded)
        {
            return written;
        }

        LogUpdated(customer.Id, customer.Version);
        return OperationResult<Customer>.Success(customer);
    }

    /// <summary>Reads one customer. The id of a customer merged into another resolves to the one that absorbed it.</summary>
    public async Task<OperationResult<Customer>> GetAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<Customer>.Failed(denied);
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
        ArgumentNullException.ThrowIfNull(input);
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Write, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<CustomerEnsured>.Failed(denied);
        }

        // The lookup comes before the validation in CreateAsync, so its keys are checked here: a NUL must not reach a database driver.
        if (TextHygiene.Check(input.Email, nameof(CustomerInput.Email), TextLayout.SingleLine, _describer) is { } controlCharacter)
        {
            return OperationResult<CustomerEnsured>.Failed(controlCharacter);
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

    /// <summary>
    /// Sets one named preference (replacing the value of a preference of the same name, case ignored), or removes it when
    /// <paramref name="value"/> is null. Validated like every customer field: limits, the card guard, no separators.
    /// </summary>
    public async Task<OperationResult<Customer>> SetPreferenceAsync(
        MerchantId merchantId, Guid customerId, long expectedVersion, string name, string? value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var current = await GetAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        if (!current.Succeeded)
        {
            return current;
        }

        var customer = current.Value!;
        var trimmed = name.Trim();
        var preferences = customer.Preferences.ToList();
        var index = preferences.FindIndex(p => string.Equals(p.Name, trimmed, StringComparison.OrdinalIgnoreCase));
        if (value is null && index < 0)
        {
            return current;
        }

        if (value is null)
        {
            preferences.RemoveAt(index);
        }
        else if (index >= 0)
        {
            preferences[index] = new CustomerPreference(name, value);
        }
        else
        {
            preferences.Add(new CustomerPreference(name, value));
        }

        var input = CustomerInput.From(customer) with { Preferences = preferences };
        return await UpdateAsync(merchantId, customer.Id, expectedVersion, input, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The append-only consent history of a customer, oldest first.</summary>
    public async Task<OperationResult<IReadOnlyList<ConsentRecord>>> GetConsentHistoryAsync(
        MerchantId merchantId, Guid customerId, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<IReadOnlyList<ConsentRecord>>.Failed(denied);
        }

        var history = await _consentHistory.ListAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        return OperationResult<IReadOnlyList<ConsentRecord>>.Success(history);
    }

    private async Task<List<CustomerMatch>> FindDuplicatesAsync(Customer customer, CancellationToken cancellationToken)
    {
        var found = new MatchCollector<Customer>(c => c.Id, c => c.NameTokens);
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

        return found.Sorted().Select(m => new CustomerMatch(m.Item, m.Reasons)).ToList();
    }

    private static bool SameName(Customer a, Customer b) =>
        string.Equals(Fold(a.FirstName), Fold(b.FirstName), StringComparison.Ordinal) &&
        string.Equals(Fold(a.LastName), Fold(b.LastName), StringComparison.Ordinal);

    private static string Fold(string? name) => name is null ? string.Empty : TextNormalizer.FoldAccents(name.Trim());

    private List<CustomerError> HardDuplicateErrors(Customer customer, List<CustomerMatch> duplicates)
    {
        var errors = new List<CustomerError>();
        var sameEmail = duplicates.Where(d => d.MatchedBy.HasFlag(MatchReason.Email) && d.Customer.Id != customer.Id).ToArray();
        if (sameEmail.Length > 0)
        {
            errors.Add(new DuplicateCustomersError(_describer.DuplicateEmail(), sameEmail));
        }

        var sameCode = duplicates.Where(d => d.MatchedBy.HasFlag(MatchReason.CustomerCode) && d.Customer.Id != customer.Id).ToArray();
        if (sameCode.Length > 0)
        {
            errors.Add(new DuplicateCustomersError(_describer.DuplicateCustomerCode(), sameCode));
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

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Created customer {CustomerId} (email {Email}, phone {Phone})")]
    private partial void LogCreated(Guid customerId, string email, string phone);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Updated customer {CustomerId} to version {Version}")]
    private partial void LogUpdated(Guid customerId, long version);
}

/// <summary>The result of <see cref="CustomerService.EnsureCustomerAsync"/>.</summary>
/// <param name="Customer">The existing or new customer.</param>
/// <param name="Created">Whether the customer was created by this call.</param>
public sealed record CustomerEnsured(Customer Customer, bool Created);
