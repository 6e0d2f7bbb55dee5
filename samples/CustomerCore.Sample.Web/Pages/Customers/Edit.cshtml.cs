using CustomerCore.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CustomerCore.Sample.Web.Pages.Customers;

/// <summary>Edits a customer, carrying the version read so a concurrent change is reported instead of overwritten.</summary>
[Authorize(Policy = "customers.write")]
public sealed class EditModel(BackOfficeMerchant merchant, CustomerService customers) : BackOfficePageModel(merchant)
{
    /// <summary>The customer being edited.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>The version the form was filled from.</summary>
    [BindProperty]
    public long Version { get; set; }

    /// <summary>The posted fields.</summary>
    [BindProperty]
    public CustomerForm Form { get; set; } = new();

    /// <summary>The customer's name, for the title.</summary>
    public string Name { get; private set; } = string.Empty;

    /// <summary>Whether the save was refused because someone else changed the customer first.</summary>
    public bool Conflict { get; private set; }

    /// <summary>The form filled from the stored customer.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var found = await customers.GetAsync(Merchant, Id, cancellationToken);
        if (!found.TryGetValue(out var customer))
        {
            return NotFound();
        }

        Name = customer.Name;
        Version = customer.Version;
        Form = CustomerForm.From(customer);
        return Page();
    }

    /// <summary>Saves against the version read; on a conflict keeps the typed values and says what happened.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var found = await customers.GetAsync(Merchant, Id, cancellationToken);
        if (!found.TryGetValue(out var current))
        {
            return NotFound();
        }

        Name = current.Name;
        var saved = await customers.UpdateAsync(Merchant, Id, Version, Form.ToInput(current), cancellationToken);
        if (Check(saved))
        {
            Notice = "Saved.";
            return RedirectToPage("Details", new { id = Id });
        }

        Conflict = saved.HasError(CustomerErrorCodes.VersionConflict);
        Response.StatusCode = Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
