using CustomerCore.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CustomerCore.Sample.Web.Pages.Manage;

/// <summary>
/// Merges a duplicate into the customer to keep: find the duplicate, preview the differences and choose per field,
/// merge, and undo while nothing has changed since.
/// </summary>
[Authorize(Policy = "customers.merge")]
public sealed class MergeModel(BackOfficeMerchant merchant, CustomerService customers) : BackOfficePageModel(merchant)
{
    /// <summary>The customer that stays.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid Keep { get; set; }

    /// <summary>The customer kept, once loaded.</summary>
    public Customer? Kept { get; private set; }

    /// <summary>Candidates for the duplicate, from a search.</summary>
    public IReadOnlyList<CustomerMatch>? Candidates { get; private set; }

    /// <summary>What the merge would do.</summary>
    public MergePreview? Preview { get; private set; }

    /// <summary>The merge done, which may be undone.</summary>
    public CustomerMergeRecord? Merged { get; private set; }

    /// <summary>The customer after an undo put both back.</summary>
    public Customer? Restored { get; private set; }

    /// <summary>The customer to keep, and a search box for the duplicate.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadKeptAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>Finds the duplicate to merge in (searched by POST, like the directory).</summary>
    public async Task<IActionResult> OnPostFindAsync(string? q, CancellationToken cancellationToken)
    {
        if (!await LoadKeptAsync(cancellationToken))
        {
            return NotFound();
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var found = await customers.SearchAsync(Merchant, new CustomerQuery(q), cancellationToken);
            Candidates = Check(found) ? found.Value!.Items.Where(m => m.Customer.Id != Keep).ToList() : [];
        }

        return Page();
    }

    /// <summary>Shows the differences, the tickets and balances that move, and the result with the default choices.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(Guid remove, CancellationToken cancellationToken)
    {
        await LoadKeptAsync(cancellationToken);
        var preview = await customers.PreviewMergeAsync(Merchant, Keep, remove, cancellationToken: cancellationToken);
        Preview = Check(preview) ? preview.Value : null;
        return Page();
    }

    /// <summary>Merges with the chosen side per field, against the versions that were previewed.</summary>
    public async Task<IActionResult> OnPostMergeAsync(Guid remove, long keepVersion, long removeVersion, CancellationToken cancellationToken)
    {
        var choices = Request.Form.Keys
            .Where(k => k.StartsWith("choice.", StringComparison.Ordinal))
            .ToDictionary(k => k["choice.".Length..], k => Request.Form[k] == "removed" ? MergeSide.Removed : MergeSide.Kept, StringComparer.Ordinal);
        var merged = await customers.MergeAsync(Merchant, new MergeRequest
        {
            KeepId = Keep,
            KeepVersion = keepVersion,
            RemoveId = remove,
            RemoveVersion = removeVersion,
            FieldChoices = choices,
        }, cancellationToken);
        if (Check(merged))
        {
            Merged = merged.Value;
        }

        await LoadKeptAsync(cancellationToken);
        return Page();
    }

    /// <summary>Undoes a merge: both customers come back as they were, with their tickets and balances.</summary>
    public async Task<IActionResult> OnPostUndoAsync(Guid mergeId, CancellationToken cancellationToken)
    {
        var undone = await customers.UndoMergeAsync(Merchant, mergeId, cancellationToken);
        Restored = Check(undone) ? undone.Value : null;
        await LoadKeptAsync(cancellationToken);
        return Page();
    }

    private async Task<bool> LoadKeptAsync(CancellationToken cancellationToken)
    {
        var found = await customers.GetAsync(Merchant, Keep, cancellationToken);
        Kept = found.Value;
        return found.Succeeded;
    }
}
