using CsvHelper;
using CustomerCore.Customers;
using CustomerCore.Importing;
using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.Exporting;

/// <summary>Options for <see cref="CustomerExporter.ExportAsync"/>.</summary>
public sealed record CustomerExportOptions
{
    /// <summary>How many customers are read from the store per page. Default 1,000.</summary>
    public int PageSize { get; init; } = 1_000;

    /// <summary>The field separator. Default comma.</summary>
    public char Separator { get; init; } = ',';

    /// <summary>Start the file with a UTF-8 byte order mark, so spreadsheets read accents correctly. Default true.</summary>
    public bool WriteByteOrderMark { get; init; } = true;

    /// <summary>Receives the number of customers written after each page.</summary>
    public IProgress<int>? Progress { get; init; }
}

/// <summary>What an export wrote.</summary>
/// <param name="Exported">Customers written.</param>
public sealed record CustomerExportSummary(int Exported);

/// <summary>
/// Writes a merchant's customers as CSV in the canonical template's columns, streamed from the store page by page.
/// The file imports back through <see cref="CustomerImporter"/> with zero changes. Text cells that a spreadsheet would
/// run as a formula get an apostrophe in front (see <see cref="CustomerCsvFormat.GuardCell"/>), which import removes.
/// </summary>
public sealed class CustomerExporter
{
    private readonly ICustomerStore _store;
    private readonly PermissionGuard _guard;

    internal CustomerExporter(ICustomerStore store, PermissionGuard guard)
    {
        _store = store;
        _guard = guard;
    }

    /// <summary>Writes every customer of the merchant to <paramref name="destination"/> (left open), in id order.</summary>
    public async Task<OperationResult<CustomerExportSummary>> ExportAsync(
        MerchantId merchantId, Stream destination, CustomerExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        options ??= new CustomerExportOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PageSize, 1, nameof(options));
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Export, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<CustomerExportSummary>.Failed(denied);
        }

        var writerOptions = CsvWriterOptions.Default with
        {
            Separator = options.Separator,
            WriteByteOrderMark = options.WriteByteOrderMark,
            Injection = CsvInjection.None, // the guard below knows which cells are phones and numbers
        };
        await using var writer = CsvWriter.Create(destination, writerOptions, leaveOpen: true);
        writer.WriteRecord([.. CustomerCsvFormat.CanonicalHeaders]);

        var fields = Enum.GetValues<CustomerImportField>();
        var cells = new string[fields.Length];
        var exported = 0;
        Guid? after = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await _store.ListAsync(merchantId, after, options.PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var customer in page)
            {
                for (var i = 0; i < fields.Length; i++)
                {
                    cells[i] = Cell(customer, fields[i]);
                }

                await writer.WriteRecordAsync(cells, cancellationToken).ConfigureAwait(false);
            }

            exported += page.Count;
            options.Progress?.Report(exported);
            if (page.Count < options.PageSize)
            {
                break;
            }

            after = page[^1].Id;
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return OperationResult<CustomerExportSummary>.Success(new CustomerExportSummary(exported));
    }

    private static string Cell(Customer customer, CustomerImportField field)
    {
        var value = CustomerCsvFormat.ValueOf(customer, field);
        return value is null ? string.Empty : CustomerCsvFormat.GuardCell(value);
    }
}
