using CustomerCore.Customers;
using CustomerCore.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CustomerCore.Sample.Web.Pages.Customers;

/// <summary>Creates a customer; shows look-alikes first and creates anyway only when asked.</summary>
[Authorize(Policy = "customers.write")]
public sealed class NewModel(BackOfficeMerchant merchant, CustomerService customers) : BackOfficePageModel(merchant)
{
    /// <summary>The posted fields.</summary>
    [BindProperty]
    public CustomerForm Form { get; set; } = new();

    /// <summary>Existing customers that look like the same person, with why.</summary>
    public IReadOnlyList<CustomerMatch> Duplicates { get; private set; } = [];

    /// <summary>The empty form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Creates the customer, or shows the errors and look-alikes without losing what was typed.</summary>
    public async Task<IActionResult> OnPostAsync(bool force, CancellationToken cancellationToken)
    {
        var created = await customers.CreateAsync(Merchant, Form.ToInput(), new CreateCustomerOptions { AllowPossibleDuplicates = force }, cancellationToken);
        if (created.TryGetValue(out var creation, out var errors))
        {
            return RedirectToPage("Details", new { id = creation.Customer.Id });
        }

        Errors = errors;
        Duplicates = created.TryGetError<DuplicateCustomersError>(out var duplicate) ? duplicate.Candidates : [];
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
