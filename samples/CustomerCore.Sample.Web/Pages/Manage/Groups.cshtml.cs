using CustomerCore.Groups;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CustomerCore.Sample.Web.Pages.Manage;

/// <summary>Customer groups: create, rename, set the group discount, delete (members become ungrouped).</summary>
[Authorize(Policy = "customers.write")]
public sealed class GroupsModel(BackOfficeMerchant merchant, CustomerGroupService groups, CustomerErrorDescriber describer) : BackOfficePageModel(merchant)
{
    /// <summary>Every group with its member count.</summary>
    public IReadOnlyList<CustomerGroupSummary> Groups { get; private set; } = [];

    /// <summary>The currency group discounts are typed in.</summary>
    public string Currency => MerchantCurrency;

    /// <summary>The list.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Creates a group, with a discount when one is given.</summary>
    public async Task<IActionResult> OnPostCreateAsync(string? name, string? kind, string? value, CancellationToken cancellationToken)
    {
        var discount = DiscountForm.Read(kind, value, Currency, describer);
        return Check(discount) && Check(await groups.CreateAsync(Merchant, name ?? string.Empty, discount.Value, cancellationToken))
            ? Done("Group created.")
            : await ReshowAsync(cancellationToken);
    }

    /// <summary>Renames a group, against the version shown.</summary>
    public async Task<IActionResult> OnPostRenameAsync(Guid groupId, long version, string? name, CancellationToken cancellationToken) =>
        Check(await groups.RenameAsync(Merchant, groupId, version, name ?? string.Empty, cancellationToken)) ? Done("Group renamed.") : await ReshowAsync(cancellationToken);

    /// <summary>Sets or removes the group's discount.</summary>
    public async Task<IActionResult> OnPostDiscountAsync(Guid groupId, long version, string? kind, string? value, CancellationToken cancellationToken)
    {
        var discount = DiscountForm.Read(kind, value, Currency, describer);
        return Check(discount) && Check(await groups.SetDiscountAsync(Merchant, groupId, version, discount.Value, cancellationToken))
            ? Done("Group discount saved.")
            : await ReshowAsync(cancellationToken);
    }

    /// <summary>Deletes a group; its members stay, ungrouped.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(Guid groupId, long version, CancellationToken cancellationToken)
    {
        var deleted = await groups.DeleteAsync(Merchant, groupId, version, cancellationToken);
        return Check(deleted) ? Done($"Group deleted; {deleted.Value} member(s) are now ungrouped.") : await ReshowAsync(cancellationToken);
    }

    private IActionResult Done(string notice)
    {
        Notice = notice;
        return RedirectToPage();
    }

    private async Task<IActionResult> ReshowAsync(CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var listed = await groups.ListAsync(Merchant, cancellationToken);
        Groups = Check(listed) ? listed.Value! : [];
    }
}
