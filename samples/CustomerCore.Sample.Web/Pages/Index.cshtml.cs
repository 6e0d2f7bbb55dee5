using CustomerCore.Customers;
using Microsoft.AspNetCore.Mvc;

namespace CustomerCore.Sample.Web.Pages;

/// <summary>The directory: one box that finds a customer by phone, email, name, code or postcode.</summary>
public sealed class IndexModel(BackOfficeMerchant merchant, CustomerService customers) : BackOfficePageModel(merchant)
{
    /// <summary>What was searched for.</summary>
    public string? Query { get; private set; }

    /// <summary>The matches, with why each matched; null before a search.</summary>
    public IReadOnlyList<CustomerMatch>? Results { get; private set; }

    /// <summary>The empty directory.</summary>
    public void OnGet()
    {
    }

    /// <summary>A search submitted with the button.</summary>
    public async Task OnPostSearchAsync(string? q, CancellationToken cancellationToken) => await SearchAsync(q, cancellationToken);

    /// <summary>The type-ahead: the result table alone.</summary>
    public async Task<IActionResult> OnPostResultsAsync(string? q, CancellationToken cancellationToken)
    {
        await SearchAsync(q, cancellationToken);
        return Partial("_SearchResults", this);
    }

    private async Task SearchAsync(string? q, CancellationToken cancellationToken)
    {
        Query = q;
        if (string.IsNullOrWhiteSpace(q))
        {
            return;
        }

        var found = await customers.SearchAsync(Merchant, new CustomerQuery(q), cancellationToken);
        if (Check(found))
        {
            Results = found.Value!.Items;
        }
    }
}
