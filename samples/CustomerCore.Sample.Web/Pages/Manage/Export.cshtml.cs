using CustomerCore.Exporting;
using CustomerCore.Importing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CustomerCore.Sample.Web.Pages.Manage;

/// <summary>Downloads the whole directory as CSV (the import template's columns), and the empty template.</summary>
[Authorize(Policy = "customers.export")]
public sealed class ExportModel(BackOfficeMerchant merchant, CustomerExporter exporter) : BackOfficePageModel(merchant)
{
    /// <summary>The page with the download buttons.</summary>
    public void OnGet()
    {
    }

    /// <summary>Streams the export; it round-trips through the import unchanged.</summary>
    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken cancellationToken)
    {
        // Streamed straight to the response, page by page, so a large directory never sits in memory. The library checks
        // the permission before it writes a byte, so a refusal can still be shown as a page.
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=customers-{DateTime.UtcNow:yyyyMMdd}.csv";
        var exported = await exporter.ExportAsync(Merchant, Response.Body, cancellationToken: cancellationToken);
        if (!Check(exported) && !Response.HasStarted)
        {
            Response.Headers.ContentDisposition = default;
            Response.ContentType = "text/html; charset=utf-8";
            return Page();
        }

        return new EmptyResult();
    }

    /// <summary>The empty template with the canonical headers.</summary>
    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken cancellationToken)
    {
        var csv = new MemoryStream();
        await CustomerImporter.WriteTemplateAsync(csv, cancellationToken);
        csv.Position = 0;
        return File(csv, "text/csv; charset=utf-8", "customers-template.csv");
    }
}
