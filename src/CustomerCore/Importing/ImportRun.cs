using System.Text;
using CustomerCore.Merchants;

namespace CustomerCore.Importing;

/// <summary>One row as read from the file: where it starts and its cells as text.</summary>
internal sealed record ImportRow(long Line, string[] Cells);

/// <summary>
/// The state of one dry run or apply. What must be known about the whole file is kept compact: the first line of
/// each email, customer code and phone (to find in-file duplicates, as digests), never whole rows (the rows to write go to the <see cref="ImportWritePlan"/>).
/// </summary>
internal sealed class ImportRun(MerchantId merchantId, MerchantSettings settings, CustomerImportOptions options, DateTimeOffset now, string actor, long totalBytes) : IDisposable
{
    private readonly List<ImportIssue> _issues = [];
    private readonly List<ImportRowDiff> _diffs = [];

    public MerchantId MerchantId { get; } = merchantId;
    public MerchantSettings Settings { get; } = settings;
    public CustomerImportOptions Options { get; } = options;
    public DateTimeOffset Now { get; } = now;
    public string Actor { get; } = actor;
    public long TotalBytes { get; } = totalBytes;

    /// <summary>The ids of the customers this run creates, in file order (see <see cref="SequentialVersion7Ids"/>).</summary>
    public SequentialVersion7Ids NewCustomerIds { get; } = new(now);

    public Encoding? DecodeAs { get; set; }
    public string EncodingName { get; set; } = "utf-8";
    public char Separator { get; set; } = ',';
    public IReadOnlyList<string> Headers { get; set; } = [];
    public IReadOnlyList<ImportColumnMapping> Mapping { get; set; } = [];

    /// <summary>The field each column fills (null: ignored), by column index.</summary>
    public CustomerImportField?[] FieldByColumn { get; set; } = [];

    /// <summary>The file's header for each field it fills, by field.</summary>
    public string?[] HeaderByField { get; } = new string?[Enum.GetValues<CustomerImportField>().Length];

    public FirstLineByKey EmailLines { get; } = new();
    public FirstLineByKey CodeLines { get; } = new();
    public FirstLineByKey PhoneLines { get; } = new();

    /// <summary>Drops the keys seen in the file once the check pass is over (see <see cref="FirstLineByKey.Forget"/>).</summary>
    public void ForgetKeysSeen()
    {
        EmailLines.Forget();
        CodeLines.Forget();
        PhoneLines.Forget();
    }

    /// <summary>Frees the keys seen (they are held outside the collector's heap).</summary>
    public void Dispose()
    {
        EmailLines.Dispose();
        CodeLines.Dispose();
        PhoneLines.Dispose();
    }

    public int TotalRows { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int RowsWithErrors { get; set; }
    public int Warnings { get; private set; }
    public bool Truncated { get; private set; }

    public string HeaderFor(CustomerImportField field) => HeaderByField[(int)field] ?? CustomerCsvFormat.HeaderOf(field);

    public void AddIssue(ImportIssue issue)
    {
        if (issue.Severity == ImportIssueSeverity.Warning)
        {
            Warnings++;
        }

        if (_issues.Count < Options.MaxReportedRows)
        {
            _issues.Add(issue);
        }
        else
        {
            Truncated = true;
        }
    }

    public void AddDiff(ImportRowDiff diff)
    {
        if (_diffs.Count < Options.MaxReportedRows)
        {
            _diffs.Add(diff);
        }
        else
        {
            Truncated = true;
        }
    }

    public ImportReport ToReport(bool applied, Guid? batchId) => new()
    {
        BatchId = batchId,
        Applied = applied,
        Created = Created,
        Updated = Updated,
        Unchanged = Unchanged,
        Errors = RowsWithErrors,
        Warnings = Warnings,
        TotalRows = TotalRows,
        Separator = Separator,
        Encoding = EncodingName,
        Mapping = Mapping,
        Issues = [.. _issues],
        Rows = [.. _diffs],
        Truncated = Truncated,
    };
}
