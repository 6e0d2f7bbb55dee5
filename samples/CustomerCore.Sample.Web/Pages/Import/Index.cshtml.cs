using CustomerCore.Importing;
using CustomerCore.Sample.Web.Importing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CustomerCore.Sample.Web.Pages.Import;

/// <summary>
/// The import wizard: upload a CSV, review the proposed column mapping and change it, dry run (counts, per-row
/// changes, errors by line and column), apply, and undo the applied batch.
/// </summary>
[Authorize(Policy = "customers.import")]
public sealed class IndexModel(BackOfficeMerchant merchant, CustomerImporter importer, ImportUploads uploads, CustomerErrorDescriber describer) : BackOfficePageModel(merchant)
{
    /// <summary>Which step the page shows.</summary>
    public enum WizardStep
    {
        /// <summary>Choose a file.</summary>
        Upload,

        /// <summary>Review the mapping and the dry run.</summary>
        Review,

        /// <summary>Applied; may be undone.</summary>
        Applied,

        /// <summary>Undone.</summary>
        Undone,
    }

    /// <summary>The step shown.</summary>
    public WizardStep Step { get; private set; } = WizardStep.Upload;

    /// <summary>Names the uploaded file between steps.</summary>
    public string? Token { get; private set; }

    /// <summary>The uploaded file's name, for the page only.</summary>
    public string? FileName { get; private set; }

    /// <summary>The dry run's or the apply's report.</summary>
    public ImportReport? Report { get; private set; }

    /// <summary>What an undo did.</summary>
    public ImportUndoResult? Undone { get; private set; }

    /// <summary>Every field a column can be mapped to.</summary>
    public static IReadOnlyList<CustomerImportField> Fields { get; } = Enum.GetValues<CustomerImportField>();

    /// <summary>The first step.</summary>
    public void OnGet()
    {
    }

    /// <summary>Keeps the file and dry-runs it with the proposed mapping.</summary>
    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            Errors = [describer.Required("File")];
            return Page();
        }

        Token = await uploads.SaveAsync(file, cancellationToken);
        FileName = Path.GetFileName(file.FileName);
        return await DryRunAsync(null, cancellationToken);
    }

    /// <summary>Dry-runs again with the mapping as the manager set it.</summary>
    public async Task<IActionResult> OnPostDryRunAsync(string? token, string? fileName, CancellationToken cancellationToken)
    {
        Token = token;
        FileName = fileName;
        return await DryRunAsync(MappingFromForm(), cancellationToken);
    }

    /// <summary>Applies with the reviewed mapping; rows with errors are skipped only when the manager ticked the box.</summary>
    public async Task<IActionResult> OnPostApplyAsync(string? token, string? fileName, bool skipInvalidRows, CancellationToken cancellationToken)
    {
        Token = token;
        FileName = fileName;
        var mapping = MappingFromForm();
        OperationResult<ImportReport> applied;
        await using (var csv = uploads.Open(token))
        {
            if (csv is null)
            {
                return UploadGone();
            }

            var options = new CustomerImportOptions
            {
                Mapping = mapping,
                ErrorHandling = skipInvalidRows ? ImportErrorHandling.SkipInvalidRows : ImportErrorHandling.AllOrNothing,
                SourceName = FileName,
            };
            applied = await importer.ApplyAsync(Merchant, csv, options, cancellationToken);
            if (!Check(applied))
            {
                // Nothing was written; the refusal carries the report, so the manager sees why, row by row.
                Report = applied.TryGetError<ImportRefusedError>(out var refused) ? refused.Report : null;
                Step = Report is null ? WizardStep.Upload : WizardStep.Review;
                return Page();
            }
        }

        uploads.Delete(token);
        Report = applied.Value;
        Step = WizardStep.Applied;
        return Page();
    }

    /// <summary>Undoes an applied batch, unless a customer it touched changed since.</summary>
    public async Task<IActionResult> OnPostUndoAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var undone = await importer.UndoAsync(Merchant, batchId, cancellationToken);
        if (Check(undone))
        {
            Undone = undone.Value;
            Step = WizardStep.Undone;
        }

        return Page();
    }

    private async Task<IActionResult> DryRunAsync(IReadOnlyList<ImportColumnMapping>? mapping, CancellationToken cancellationToken)
    {
        await using var csv = uploads.Open(Token);
        if (csv is null)
        {
            return UploadGone();
        }

        var report = await importer.DryRunAsync(Merchant, csv, new CustomerImportOptions { Mapping = mapping, SourceName = FileName }, cancellationToken);
        Check(report);
        Report = report.Value;
        // A problem with the file as a whole (encoding, no identifying column) has no report: back to choosing a file.
        Step = Report is null ? WizardStep.Upload : WizardStep.Review;
        return Page();
    }

    private IActionResult UploadGone()
    {
        Errors = [describer.Required("File")];
        Step = WizardStep.Upload;
        return Page();
    }

    /// <summary>The mapping posted as <c>header[i]</c> and <c>field[i]</c> pairs; an empty field ignores the column.</summary>
    private List<ImportColumnMapping> MappingFromForm()
    {
        var form = Request.Form;
        var mapping = new List<ImportColumnMapping>();
        for (var i = 0; form.ContainsKey($"header[{i}]"); i++)
        {
            var field = Enum.TryParse<CustomerImportField>(form[$"field[{i}]"], out var parsed) && Enum.IsDefined(parsed) ? parsed : (CustomerImportField?)null;
            mapping.Add(new ImportColumnMapping(i, form[$"header[{i}]"].ToString(), field));
        }

        return mapping;
    }
}
