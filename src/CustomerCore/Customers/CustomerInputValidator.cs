using CustomerCore.Privacy;
using FluentValidation;
using static CustomerCore.Customers.CustomerFieldLimits;

namespace CustomerCore.Customers;

/// <summary>
/// Field rules for <see cref="CustomerInput"/>: length limits, email shape, and on every stored text field (phones and
/// email included) the control-character guard (no control characters, text-direction overrides or broken characters;
/// line breaks only in the note) and the payment-card guard (a card typed into the wrong box must not be stored either).
/// Messages come from <see cref="CustomerErrorDescriber"/> in the current UI language. Internal, so FluentValidation
/// stays out of the public API and a vendor is not tied to its major version; the limits are in
/// <see cref="CustomerFieldLimits"/>.
/// </summary>
internal sealed class CustomerInputValidator : AbstractValidator<CustomerInput>
{
    /// <summary>Creates the validator.</summary>
    internal CustomerInputValidator(CustomerErrorDescriber describer)
    {
        ArgumentNullException.ThrowIfNull(describer);

        FreeText(x => x.FirstName, nameof(CustomerInput.FirstName), NameMaxLength, describer);
        FreeText(x => x.LastName, nameof(CustomerInput.LastName), NameMaxLength, describer);
        FreeText(x => x.DisplayName, nameof(CustomerInput.DisplayName), NameMaxLength, describer);
        FreeText(x => x.CompanyName, nameof(CustomerInput.CompanyName), CompanyMaxLength, describer);
        FreeText(x => x.AddressLine1, nameof(CustomerInput.AddressLine1), AddressMaxLength, describer);
        FreeText(x => x.AddressLine2, nameof(CustomerInput.AddressLine2), AddressMaxLength, describer);
        FreeText(x => x.HouseNumber, nameof(CustomerInput.HouseNumber), HouseNumberMaxLength, describer);
        FreeText(x => x.City, nameof(CustomerInput.City), AddressMaxLength, describer);
        FreeText(x => x.Region, nameof(CustomerInput.Region), AddressMaxLength, describer);
        FreeText(x => x.PostalCode, nameof(CustomerInput.PostalCode), PostalCodeMaxLength, describer);
        FreeText(x => x.Country, nameof(CustomerInput.Country), CountryMaxLength, describer);
        FreeText(x => x.CustomerCode, nameof(CustomerInput.CustomerCode), CustomerCodeMaxLength, describer);
        FreeText(x => x.Note, nameof(CustomerInput.Note), NoteMaxLength, describer, TextLayout.MultiLine);

        // Valid phone numbers are never taken for cards (see PaymentCardDetector), so the guard is safe on phones.
        FreeText(x => x.Phone, nameof(CustomerInput.Phone), PhoneMaxLength, describer);
        FreeText(x => x.SecondaryPhone, nameof(CustomerInput.SecondaryPhone), PhoneMaxLength, describer);

        FreeText(x => x.Email, nameof(CustomerInput.Email), EmailMaxLength, describer);
        RuleFor(x => x.Email)
            .Must(IsEmail!)
            .When(x => !string.IsNullOrWhiteSpace(x.Email))
            .WithName(nameof(CustomerInput.Email))
            .WithErrorCode(CustomerErrorCodes.InvalidEmail)
            .WithMessage(_ => describer.InvalidEmail(nameof(CustomerInput.Email)).Description);

        RuleFor(x => x.Tags)
            .Must(tags => tags!.Count <= MaxTags)
            .When(x => x.Tags is not null)
            .WithName(nameof(CustomerInput.Tags))
            .WithErrorCode(CustomerErrorCodes.InvalidValue)
            .WithMessage(_ => describer.TooManyEntries(nameof(CustomerInput.Tags), MaxTags).Description);
        RuleForEach(x => x.Tags)
            .Custom((tag, context) => AddControlCharacterFailure(tag, nameof(CustomerInput.Tags), TextLayout.SingleLine, describer, context));
        RuleForEach(x => x.Tags)
            .Must(tag => tag is null || tag.Trim().Length <= TagMaxLength)
            .WithName(nameof(CustomerInput.Tags))
            .WithErrorCode(CustomerErrorCodes.TooLong)
            .WithMessage(_ => describer.TooLong(nameof(CustomerInput.Tags), TagMaxLength).Description)
            .Must(tag => !PaymentCardDetector.ContainsCardNumber(tag))
            .WithName(nameof(CustomerInput.Tags))
            .WithErrorCode(CustomerErrorCodes.CardNumberDetected)
            .WithMessage(_ => describer.CardNumberDetected(nameof(CustomerInput.Tags)).Description);

        RuleFor(x => x.Preferences).Custom((preferences, context) => ValidatePreferences(preferences, describer, context));

        RuleFor(x => x.EmailConsent!.WordingVersion)
            .Custom((version, context) => AddControlCharacterFailure(version, "EmailConsent.WordingVersion", TextLayout.SingleLine, describer, context))
            .When(x => x.EmailConsent is not null);
        RuleFor(x => x.SmsConsent!.WordingVersion)
            .Custom((version, context) => AddControlCharacterFailure(version, "SmsConsent.WordingVersion", TextLayout.SingleLine, describer, context))
            .When(x => x.SmsConsent is not null);

        RuleFor(x => x.Birthday)
            .Must(b => b!.Value.Year >= 1900 && b.Value <= DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)))
            .When(x => x.Birthday is not null)
            .WithName(nameof(CustomerInput.Birthday))
            .WithErrorCode(CustomerErrorCodes.InvalidValue)
            .WithMessage(_ => describer.DateOutOfRange(nameof(CustomerInput.Birthday), 1900).Description);
    }

    /// <summary>A deliberately simple email shape check: one @, a local part, a dotted domain, no spaces.</summary>
    internal static bool IsEmail(string email)
    {
        var value = email.Trim();
        var at = value.IndexOf('@');
        if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1)
        {
            return false;
        }

        var domain = value[(at + 1)..];
        return !value.Any(char.IsWhiteSpace)
            && domain.Contains('.')
            && !domain.StartsWith('.')
            && !domain.EndsWith('.')
            && !domain.Contains("..", StringComparison.Ordinal);
    }

    private static void ValidatePreferences(IReadOnlyList<CustomerPreference>? preferences, CustomerErrorDescriber describer, ValidationContext<CustomerInput> context)
    {
        if (preferences is null)
        {
            return;
        }

        const string Field = nameof(CustomerInput.Preferences);
        if (preferences.Count > MaxPreferences)
        {
            AddFailure(describer.TooManyEntries(Field, MaxPreferences), context);
            return;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var preference in preferences)
        {
            if (preference is null)
            {
                AddFailure(describer.Required(Field), context);
                continue;
            }

            var error = PreferenceTextError(preference.Name, Field + "." + nameof(CustomerPreference.Name), PreferenceNameMaxLength, [':', ';'], describer)
                ?? PreferenceTextError(preference.Value, Field + "." + nameof(CustomerPreference.Value), PreferenceValueMaxLength, [';'], describer);
            if (error is null && !names.Add(preference.Name.Trim()))
            {
                error = describer.DuplicatePreference(Field, preference.Name.Trim());
            }

            if (error is not null)
            {
                AddFailure(error, context);
            }
        }
    }

    private static CustomerError? PreferenceTextError(string? text, string field, int maxLength, char[] separators, CustomerErrorDescriber describer)
    {
        var trimmed = text?.Trim();
        if (TextHygiene.Check(text, field, TextLayout.SingleLine, describer) is { } controlCharacter)
        {
            return controlCharacter;
        }

        if (string.IsNullOrEmpty(trimmed))
        {
            return describer.Required(field);
        }

        if (trimmed.Length > maxLength)
        {
            return describer.TooLong(field, maxLength);
        }

        if (trimmed.IndexOfAny(separators) is var at and >= 0)
        {
            return describer.PreferenceSeparator(field, trimmed[at].ToString());
        }

        return PaymentCardDetector.ContainsCardNumber(trimmed) ? describer.CardNumberDetected(field) : null;
    }

    private static void AddFailure(CustomerError error, ValidationContext<CustomerInput> context) =>
        context.AddFailure(new FluentValidation.Results.ValidationFailure(error.Field ?? nameof(CustomerInput.Preferences), error.Description) { ErrorCode = error.Code });

    private static void AddControlCharacterFailure(string? value, string name, TextLayout layout, CustomerErrorDescriber describer, ValidationContext<CustomerInput> context)
    {
        if (TextHygiene.Check(value, name, layout, describer) is { } error)
        {
            context.AddFailure(new FluentValidation.Results.ValidationFailure(name, error.Description) { ErrorCode = error.Code });
        }
    }

    private void FreeText(
        System.Linq.Expressions.Expression<Func<CustomerInput, string?>> field, string name, int max, CustomerErrorDescriber describer, TextLayout layout = TextLayout.SingleLine)
    {
        RuleFor(field).Custom((value, context) => AddControlCharacterFailure(value, name, layout, describer, context));
        Length(field, name, max, describer);
        RuleFor(field)
            .Must(value => !PaymentCardDetector.ContainsCardNumber(value))
            .WithName(name)
            .WithErrorCode(CustomerErrorCodes.CardNumberDetected)
            .WithMessage(_ => describer.CardNumberDetected(name).Description);
    }

    private void Length(System.Linq.Expressions.Expression<Func<CustomerInput, string?>> field, string name, int max, CustomerErrorDescriber describer)
    {
        RuleFor(field)
            .Must(value => value is null || value.Trim().Length <= max)
            .WithName(name)
            .WithErrorCode(CustomerErrorCodes.TooLong)
            .WithMessage(_ => describer.TooLong(name, max).Description);
    }
}
