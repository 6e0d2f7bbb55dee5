using System.Text;
using CsvHelper;
using CustomerCore.ChangeFeed;
using CustomerCore.Customers;
using CustomerCore.Merchants;
using CustomerCore.Phones;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerCore.Importing;

/// <summary>
/// Imports customers from a spreadsheet (CSV) and merges by email: a row whose email exists updates that customer,
/// blank cells keep stored values, <see cref="CustomerCsvFormat.ClearToken"/> empties a field, and other rows create
/// customers. <see cref="DryRunAsync"/> reports what would happen without writing; <see cref="ApplyAsync"/> checks
/// the whole file first, without holding the store's write lock, and then writes what it decided in one short
/// transaction; <see cref="UndoAsync"/> reverses an applied batch. The file is streamed in chunks, so memory does not
/// grow with its size. See docs/import-format.md.
/// </summary>
public sealed partial class CustomerImporter
{
    private const int UndoPageSize = 1_000;
    private static int _phonesWarmed;

    private readonly ICustomerStore _store;
    private readonly IImportBatchStore _batches;
    private readonly IConsentHistoryStore _consentHistory;
    private readonly ICustomerCoreUnitOfWork _unitOfWork;
    private readonly IMerchantSettingsProvider _settings;
    private readonly PermissionGuard _guard;
    private readonly CustomerRules _rules;
    private readonly CustomerWriter _writer;
    private readonly ChangeRecorder _recorder;
    private readonly PhoneNormalizer _phones;
    private readonly CustomerErrorDescriber _describer;
    private readonly TimeProvider _time;
    private readonly ILogger<CustomerImporter> _logger;

    internal CustomerImporter(
        ICustomerStore store,
        IImportBatchStore batches,
        IConsentHistoryStore consentHistory,
        ICustomerCoreUnitOfWork unitOfWork,
        IMerchantSettingsProvider settings,
        PermissionGuard guard,
        CustomerRules rules,
        CustomerWriter writer,
        ChangeRecorder recorder,
        PhoneNormalizer phones,
        CustomerErrorDescriber describer,
        TimeProvider time,
        ILogger<CustomerImporter>? logger = null)
    {
        _store = store;
        _batches = batches;
        _consentHistory = consentHistory;
        _unitOfWork = unitOfWork;
        _settings = settings;
        _guard = guard;
        _rules = rules;
        _writer = writer;
        _recorder = recorder;
        _phones = phones;
        _describer = describer;
        _time = time;
        _logger = logger ?? NullLogger<CustomerImporter>.Instance;

        // Loading the phone metadata takes far longer than parsing one number; pay it once, not on the first row.
        if (Interlocked.Exchange(ref _phonesWarmed, 1) == 0)
        {
            PhoneNormalizer.Warm();
        }
    }

    /// <summary>The template's header line (canonical headers, comma-separated).</summary>
    public static string TemplateHeader => CustomerCsvFormat.TemplateHeaderLine;

    /// <summary>Writes the template (UTF-8 with a byte order mark, so spreadsheets detect the encoding: the header row only).</summary>
    public static async Task WriteTemplateAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var writer = CsvWriter.Create(destination, CsvWriterOptions.Default with { WriteByteOrderMark = true }, leaveOpen: true);
        writer.WriteRecord([.. CustomerCsvFormat.CanonicalHeaders]);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The mapping the importer proposes for a header row: each column's recognised field, or null.
    /// A second column for a field already taken is proposed as null.</summary>
    public static IReadOnlyList<ImportColumnMapping> ProposeMapping(IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var used = new HashSet<CustomerImportField>();
        var mapping = new List<ImportColumnMapping>(headers.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            var field = CustomerImportHeaders.FieldOf(headers[i]);
            mapping.Add(new ImportColumnMapping(i, headers[i], field is { } f && used.Add(f) ? f : null));
        }

        return mapping;
    }

    /// <summary>
    /// Reads and checks the whole file and reports what an apply would do (counts, mapping, issues with line and
    /// column, per-row diffs) without writing anything. Fails only for problems with the file as a whole (encoding,
    /// structure, limits, no identifying column, permission).
    /// </summary>
    public Task<OperationResult<ImportReport>> DryRunAsync(
        MerchantId merchantId, Stream csv, CustomerImportOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(merchantId, csv, options ?? new CustomerImportOptions(), apply: false, cancellationToken);

    /// <summary>
    /// Checks the whole file, then writes it in one transaction and records the batch (see <see cref="UndoAsync"/>).
    /// The check runs outside the transaction; the write re-verifies every customer the check read, and if one changed
    /// in between (a till updated it, or created a customer with the same email) the import fails with
    /// <see cref="CustomerErrorCodes.ImportChangedDuringImport"/> and writes nothing.
    /// With <see cref="ImportErrorHandling.AllOrNothing"/> any row error writes nothing and fails with
    /// <see cref="CustomerErrorCodes.ImportHasErrors"/> (the report is in the result's value); with
    /// <see cref="ImportErrorHandling.SkipInvalidRows"/> good rows are written and bad ones go to the error CSV.
    /// Cancelling rolls everything back.
    /// </summary>
    public Task<OperationResult<ImportReport>> ApplyAsync(
        MerchantId merchantId, Stream csv, CustomerImportOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(merchantId, csv, options ?? new CustomerImportOptions(), apply: true, cancellationToken);

    private async Task<OperationResult<ImportReport>> RunAsync(
        MerchantId merchantId, Stream csv, CustomerImportOptions options, bool apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ValidateOptions(options);
        if (TextHygiene.Check(options.SourceName, nameof(options.SourceName), TextLayout.SingleLine, _describer) is { } badSourceName)
        {
            return OperationResult<ImportReport>.Failed(badSourceName);
        }

        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Import, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<ImportReport>.Failed(denied);
        }

        var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);
        await using var source = await ImportSource.OpenAsync(csv, cancellationToken).ConfigureAwait(false);

        // The check pass runs outside any transaction and keeps its decisions in the plan; only the replay of the plan
        // holds the store's write lock, and it re-verifies every version the check read.
        await using var plan = apply ? new ImportWritePlan() : null;
        var now = _time.GetUtcNow();
        using var firstRun = new ImportRun(merchantId, settings, options, now, _guard.Actor, source.Length);
        var run = firstRun;
        var checkError = await CheckAsync(run, source, decodeAs: source.UnmarkedUtf16, plan, cancellationToken).ConfigureAwait(false);
        using var windows1252Run = checkError?.Code == CustomerErrorCodes.ImportInvalidEncoding && options.AllowWindows1252 && source.ByteOrderMarkEncoding is null && source.UnmarkedUtf16 is null
            ? new ImportRun(merchantId, settings, options, now, firstRun.Actor, source.Length)
            : null;
        if (windows1252Run is not null)
        {
            firstRun.ForgetKeysSeen();
            run = windows1252Run;
            plan?.Clear();
            checkError = await CheckAsync(run, source, Windows1252(), plan, cancellationToken).ConfigureAwait(false);
        }

        if (checkError is not null)
        {
            return OperationResult<ImportReport>.Failed(checkError);
        }

        var report = run.ToReport(applied: false, batchId: null);
        if (plan is null)
        {
            return OperationResult<ImportReport>.Success(report);
        }

        if (run.RowsWithErrors > 0 && options.ErrorHandling == ImportErrorHandling.AllOrNothing)
        {
            return OperationResult<ImportReport>.Failed(new ImportRefusedError(_describer.ImportHasErrors(run.RowsWithErrors), report));
        }

        run.ForgetKeysSeen();
        var written = await WriteAsync(run, plan, cancellationToken).ConfigureAwait(false);
        if (written.Error is not null)
        {
            return OperationResult<ImportReport>.Failed(new ImportRefusedError(written.Error, report));
        }

        LogApplied(written.BatchId, written.Created, written.Updated, run.RowsWithErrors);
        return OperationResult<ImportReport>.Success(report with
        {
            Applied = true,
            BatchId = written.BatchId,
            Created = written.Created,
            Updated = written.Updated,
        });
    }

    private static void ValidateOptions(CustomerImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDegreeOfParallelism, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFieldLength, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRecordBytes, 1024, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxColumns, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxReportedRows, nameof(options));
    }

    private static Encoding Windows1252()
    {
        // Only a caller who opted in pays for (and gets) the legacy code pages.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Applied import batch {BatchId}: {Created} created, {Updated} updated, {Skipped} rows skipped")]
    private partial void LogApplied(Guid? batchId, int created, int updated, int skipped);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Undid import batch {BatchId}: {Removed} removed, {Restored} restored")]
    private partial void LogUndone(Guid batchId, int removed, int restored);
}
