using System.Text;
using CustomerCore.Customers;
using CustomerCore.Exporting;
using CustomerCore.Importing;
using CustomerCore.InMemory;
using CustomerCore.Merchants;
using CustomerCore.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Tests;

/// <summary>
/// A row whose cells all hold what its customer already has is reported unchanged without being merged and validated
/// again (docs/import-format.md, "Rows that change nothing"). These tests pin what that shortcut must keep: repeats in the
/// file are still found, a value in another form still ends unchanged, a clear or a changed cell still goes through the
/// whole path, and the rules of today apply to what a row changes, not to what it leaves as it was.
/// </summary>
public sealed class ImportUnchangedRowsTests : IAsyncDisposable
{
    private readonly MutableSettings _settings = new();
    private readonly ServiceProvider _services;
    private readonly MerchantId _merchant = "shop-" + Guid.NewGuid().ToString("N")[..8];

    public ImportUnchangedRowsTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IMerchantSettingsProvider>(_settings);
        services.AddSingleton(new InMemoryDatabase());
        services.AddCustomerCore(o => o.DefaultRegion = "GB").AddInMemoryStores();
        _services = services.BuildServiceProvider();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARowAsStored_OfACustomerTodaysRequiredFieldsWouldRefuse_IsUnchanged_WhileARowChangingThemIsRefused()
    {
        const string Header = "Email,First Name,Phone,Birthday\n";
        Assert.Equal(1, (await ApplyAsync(Header + "ann@example.com,Ann,07700 900123,1988-04-12\n")).Created);
        _settings.Current = _settings.Current with { RequiredFields = RequiredFieldPolicy.SurnameRequired };

        var again = await ApplyAsync(Header + "ann@example.com,Ann,07700 900123,1988-04-12\n");
        Assert.Equal((0, 0, 1, 0), (again.Created, again.Updated, again.Unchanged, again.Errors));

        var renamed = await RunAsync(Header + "ann@example.com,Anne,07700 900123,1988-04-12\n", dryRun: false);
        Assert.False(renamed.Succeeded);
        Assert.True(renamed.TryGetError<ImportRefusedError>(out var refused), renamed.ToString());
        var issue = Assert.Single(refused.Report.Issues, i => i.Severity == ImportIssueSeverity.Error);
        Assert.Equal((2L, CustomerErrorCodes.Required), (issue.Line, issue.Code));
        Assert.Equal("Ann", (await FindAsync("ann@example.com")).FirstName);
    }

    [Fact]
    public async Task ARowAsStored_RepeatedInTheFile_IsStillRefusedAsARepeat()
    {
        const string Header = "Email,First Name,Customer Code\n";
        await ApplyAsync(Header + "ann@example.com,Ann,C-1\nbob@example.com,Bob,C-2\n");

        var repeated = await RunAsync(Header + "ann@example.com,Ann,C-1\nbob@example.com,Bob,C-2\nann@example.com,Ann,C-1\n", dryRun: true);

        // Both keys the first line recorded are repeats on line 4, the email and the customer code.
        var errors = repeated.Value!.Issues.Where(i => i.Severity == ImportIssueSeverity.Error).ToList();
        Assert.Equal(["Email", "Customer Code"], errors.Select(e => e.Column));
        Assert.All(errors, e => Assert.Equal((4L, CustomerErrorCodes.ImportDuplicateInFile), (e.Line, e.Code)));
        Assert.Equal(2, repeated.Value.Unchanged);
    }

    [Fact]
    public async Task AValueInAnotherFormThanStored_OrAClearOfAnEmptyField_IsUnchanged_AClearOfAFilledOneUpdates()
    {
        const string Header = "Email,First Name,Birthday,City,Tags\n";
        await ApplyAsync(Header + "ann@example.com,Ann,1988-04-12,,vip\n");

        var sameDate = await RunAsync(Header + "ann@example.com,Ann,12/04/1988,#CLEAR,vip\n", dryRun: true);
        Assert.Equal((0, 1), (sameDate.Value!.Updated, sameDate.Value.Unchanged));

        var cleared = await RunAsync(Header + "ann@example.com,Ann,1988-04-12,,#CLEAR\n", dryRun: true);
        Assert.Equal((1, 0), (cleared.Value!.Updated, cleared.Value.Unchanged));
        var change = Assert.Single(Assert.Single(cleared.Value.Rows).Changes);
        Assert.Equal((CustomerImportField.Tags, "vip", (string?)null), (change.Field, change.OldValue, change.NewValue));
    }

    [Fact]
    public async Task ReimportingAnExport_ChangesNothing_AndKeepsEveryCustomerAsItWas()
    {
        const string Header = "Email,First Name,Last Name,Phone,Postal Code,Tags,Email Marketing\n";
        await ApplyAsync(Header + "ann@example.com,Ann,Hart,07700 900123,LS1 4AB,vip;staff,yes\nbob@example.com,Bob,Stone,+44 161 496 0000,M1 1AE,,no\n");
        var before = await FindAsync("bob@example.com");
        using var export = new MemoryStream();
        Assert.True((await _services.CreateScope().ServiceProvider.GetRequiredService<CustomerExporter>().ExportAsync(_merchant, export, cancellationToken: Ct)).Succeeded);

        var again = await RunAsync(Encoding.UTF8.GetString(export.ToArray()), dryRun: false);

        Assert.True(again.Succeeded, again.ToString());
        Assert.Equal((0, 0, 2), (again.Value!.Created, again.Value.Updated, again.Value.Unchanged));
        Assert.Null(again.Value.BatchId);
        Assert.Equal(before.Version, (await FindAsync("bob@example.com")).Version);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private async Task<ImportReport> ApplyAsync(string csv)
    {
        var result = await RunAsync(csv, dryRun: false);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!;
    }

    private async Task<OperationResult<ImportReport>> RunAsync(string csv, bool dryRun)
    {
        var importer = _services.CreateScope().ServiceProvider.GetRequiredService<CustomerImporter>();
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return dryRun ? await importer.DryRunAsync(_merchant, file, cancellationToken: Ct) : await importer.ApplyAsync(_merchant, file, cancellationToken: Ct);
    }

    private async Task<Customer> FindAsync(string email) =>
        (await _services.CreateScope().ServiceProvider.GetRequiredService<ICustomerStore>().FindByNormalizedEmailAsync(_merchant, email, Ct))!;

    private sealed class MutableSettings : IMerchantSettingsProvider
    {
        public MerchantSettings Current { get; set; } = new() { DefaultRegion = "GB" };

        public ValueTask<MerchantSettings> GetSettingsAsync(MerchantId merchantId, CancellationToken cancellationToken) => ValueTask.FromResult(Current);
    }
}
