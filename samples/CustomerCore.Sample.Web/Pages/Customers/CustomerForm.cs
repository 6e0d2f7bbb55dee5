using CustomerCore.Customers;
using CustomerCore.Privacy;

namespace CustomerCore.Sample.Web.Pages.Customers;

/// <summary>The customer fields the back-office form posts; turned into a <see cref="CustomerInput"/> for the library.</summary>
public sealed class CustomerForm
{
    /// <summary>First name.</summary>
    public string? FirstName { get; set; }

    /// <summary>Last name.</summary>
    public string? LastName { get; set; }

    /// <summary>Company.</summary>
    public string? CompanyName { get; set; }

    /// <summary>Email, as typed.</summary>
    public string? Email { get; set; }

    /// <summary>Phone, in any format.</summary>
    public string? Phone { get; set; }

    /// <summary>First address line.</summary>
    public string? AddressLine1 { get; set; }

    /// <summary>City.</summary>
    public string? City { get; set; }

    /// <summary>Postal code.</summary>
    public string? PostalCode { get; set; }

    /// <summary>The merchant's own reference.</summary>
    public string? CustomerCode { get; set; }

    /// <summary>Free text; the library refuses anything that looks like a card number.</summary>
    public string? Note { get; set; }

    /// <summary>Whether the explicit email-marketing box is ticked.</summary>
    public bool EmailConsent { get; set; }

    /// <summary>The wording of the consent checkbox the customer agreed to, recorded with the consent.</summary>
    public const string ConsentWording = "back-office-2026";

    /// <summary>Fills the form from a stored customer, for editing.</summary>
    public static CustomerForm From(Customer customer) => new()
    {
        FirstName = customer.FirstName,
        LastName = customer.LastName,
        CompanyName = customer.CompanyName,
        Email = customer.Email,
        Phone = customer.Phone,
        AddressLine1 = customer.AddressLine1,
        City = customer.City,
        PostalCode = customer.PostalCode,
        CustomerCode = customer.CustomerCode,
        Note = customer.Note,
        EmailConsent = customer.EmailConsent.Status == ConsentStatus.OptedIn,
    };

    /// <summary>
    /// The library's input. When editing, <paramref name="existing"/> carries the fields this form does not show, so
    /// saving the form never blanks them; consent is only sent when the box changes it.
    /// </summary>
    public CustomerInput ToInput(Customer? existing = null)
    {
        var baseInput = existing is null ? new CustomerInput() : CustomerInput.From(existing);
        var consentBefore = existing?.EmailConsent.Status == ConsentStatus.OptedIn;
        return baseInput with
        {
            FirstName = FirstName,
            LastName = LastName,
            CompanyName = CompanyName,
            Email = Email,
            Phone = Phone,
            AddressLine1 = AddressLine1,
            City = City,
            PostalCode = PostalCode,
            CustomerCode = CustomerCode,
            Note = Note,
            EmailConsent = EmailConsent == consentBefore && existing is not null
                ? baseInput.EmailConsent
                : EmailConsent ? new ConsentInput(ConsentStatus.OptedIn, ConsentWording) : existing is null ? null : new ConsentInput(ConsentStatus.OptedOut, ConsentWording),
            Source = ConsentSource.Web,
        };
    }
}
