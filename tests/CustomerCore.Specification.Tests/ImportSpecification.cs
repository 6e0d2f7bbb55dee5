using System.Text;
using CustomerCore.Customers;
using CustomerCore.Exporting;
using CustomerCore.Importing;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Stores;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>Conformance tests for <see cref="IImportBatchStore"/> and the bulk lookups of <see cref="ICustomerStore"/>,
/// driven through <see cref="CustomerImporter"/> and <see cref="CustomerExporter"/>.</summary>
public abstract class ImportSpecification : CustomerCoreSpecificationTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CustomerService Customers => Resolve<CustomerService>();

    private CustomerImporter Importer => Resolve<CustomerImporter>();

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<Customer> CreateAsync(CustomerInput input)
    {
        var result = await Customers.CreateAsync(Merchant, input, new CreateCustomerOptions { AllowPossibleDuplicates = true }, Ct);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!.Customer!;
    }

    private async Task<Customer> GetAsync(Guid id) => (await Customers.GetAsync(Merchant, id, Ct)).Value!;

    private async Task<Customer?> FindByEmailAsync(string email) =>
        await Resolve<ICustomerStore>().FindByNormalizedEmailAsync(Merchant, email.ToLowerInvariant(), Ct);

    [Fact]
    public async Task DryRun_ReportsCreateUpdateUnchangedAndWritesNothing()
    {
        var u = Unique();
        var same = await CreateAsync(new CustomerInput { FirstName = "Same", Email = $"same.{u}@example.com" });
        var changing = await CreateAsync(new CustomerInput { FirstName = "Old", Email = $"change.{u}@example.com", City = "Leeds" });
        var csv = $"First Name,Email,City\nSame,same.{u}@example.com,\nNew,change.{u}@example.com,\nFresh,fresh.{u}@example.com,Hull\n";

        var result = await Importer.DryRunAsync(Merchant, Csv(csv), cancellationToken: Ct);

        Assert.True(result.Succeeded, result.ToString());
        var report = result.Value!;
        Assert.Equal((1, 1, 1, 0), (report.Created, report.Updated, report.Unchanged, report.Errors));
        Assert.False(report.Applied);
        var update = Assert.Single(report.Rows, r => r.Action == ImportRowAction.Update);
        Assert.Equal(3, update.Line);
        Assert.Equal(changing.Id, update.CustomerId);
        Assert.Equal([new ImportFieldChange(CustomerImportField.FirstName, "Old", "New")], update.Changes);
        Assert.Equal("Old", (await GetAsync(changing.Id)).FirstName);
        Assert.Null(await FindByEmailAsync($"fresh.{u}@example.com"));
        Assert.Equal(same.Version, (await GetAsync(same.Id)).Version);
    }

    [Fact]
    public async Task Apply_MergesByEmail_BlankKeepsAndClearTokenEmpties()
    {
        var u = Unique();
        var existing = await CreateAsync(new CustomerInput { FirstName = "Ann", LastName = "Lee", Email = $"ann.{u}@example.com", City = "York", Note = "Keep me", CompanyName = "Old Co" });
        var csv = $"Email,First Name,City,Note,Company\nANN.{u}@example.com,Annie,,,#clear\n";

        var result = await Importer.ApplyAsync(Merchant, Csv(csv), cancellationToken: Ct);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(1, result.Value!.Updated);
        var loaded = await GetAsync(existing.Id);
        Assert.Equal("Annie", loaded.FirstName);
        Assert.Equal("Lee", loaded.LastName);
        Assert.Equal("York", loaded.City);
        Assert.Equal("Keep me", loaded.Note);
        Assert.Null(loaded.CompanyName);
        Assert.Equal(existing.Version + 1, loaded.Version);
    }

    [Fact]
    public async Task Apply_AllOrNothing_RowErrorWritesNothingAndNamesLineAndColumn()
    {
        var u = Unique();
        var csv = $"First Name,Email,Birthday\nGood,good.{u}@example.com,1990-01-01\nBad,not-an-email,\nWorse,worse.{u}@example.com,31/02/1990\n";

        var result = await Importer.ApplyAsync(Merchant, Csv(csv), cancellationToken: Ct);

        Assert.True(result.HasError(CustomerErrorCodes.ImportHasErrors));
        Assert.Null(result.Value);
        Assert.True(result.TryGetError<ImportRefusedError>(out var refused));
        var report = refused.Report;
        Assert.False(report.Applied);
        Assert.Contains(report.Issues, i => i is { Line: 3, Column: "Email", Code: CustomerErrorCodes.InvalidEmail });
        Assert.Contains(report.Issues, i => i is { Line: 4, Column: "Birthday", Code: CustomerErrorCodes.InvalidValue });
        Assert.Null(await FindByEmailAsync($"good.{u}@example.com"));
    }

    [Fact]
    public async Task Apply_SkipInvalidRows_WritesGoodRowsAndErrorCsv()
    {
        var u = Unique();
        var csv = $"First Name,Email\nGood,good.{u}@example.com\nBad,bad-email\n";
        using var errors = new MemoryStream();

        var result = await Importer.ApplyAsync(Merchant, Csv(csv), new CustomerImportOptions { ErrorHandling = ImportErrorHandling.SkipInvalidRows, ErrorCsv = errors }, Ct);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal((1, 1), (result.Value!.Created, result.Value.Errors));
        Assert.NotNull(await FindByEmailAsync($"good.{u}@example.com"));
        var errorText = Encoding.UTF8.GetString(errors.ToArray()).TrimStart('\uFEFF');
        var lines = errorText.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("First Name,Email,Line,Error", lines[0]);
        Assert.StartsWith("Bad,bad-email,3,", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task Apply_RowWithoutEmailMatchingPhone_IsPossibleDuplicateUnlessAllowed()
    {
        var existing = await CreateAsync(new CustomerInput { FirstName = "Phil", Phone = "07911 123480" });
        var csv = $"First Name,Phone\nPhilip,{existing.PhoneE164}\n";

        var refused = await Importer.ApplyAsync(Merchant, Csv(csv), cancellationToken: Ct);
        var allowed = await Importer.ApplyAsync(Merchant, Csv(csv), new CustomerImportOptions { CreatePossibleDuplicates = true }, Ct);

        Assert.True(refused.TryGetError<ImportRefusedError>(out var refusal), refused.ToString());
        Assert.Contains(refusal.Report.Issues, i => i is { Line: 2, Column: "Phone", Code: CustomerErrorCodes.PossibleDuplicate, Severity: ImportIssueSeverity.Error });
        Assert.True(allowed.Succeeded, allowed.ToString());
        Assert.Equal(1, allowed.Value!.Created);
        Assert.Contains(allowed.Value.Issues, i => i is { Code: CustomerErrorCodes.PossibleDuplicate, Severity: ImportIssueSeverity.Warning });
    }

    [Fact]
    public async Task DryRun_EmailAndCodePointAtDifferentCustomers_IsKeyConflict()
    {
        var u = Unique();
        await CreateAsync(new CustomerInput { FirstName = "A", Email = $"a.{u}@example.com" });
        var b = await CreateAsync(new CustomerInput { FirstName = "B", CustomerCode = "B-" + u });
        var csv = $"Email,Customer Code\na.{u}@example.com,b-{u}\n";

        var report = (await Importer.DryRunAsync(Merchant, Csv(csv), cancellationToken: Ct)).Value!;

        var issue = Assert.Single(report.Issues);
        Assert.Equal((2L, "Customer Code", CustomerErrorCodes.ImportKeyConflict), (issue.Line, issue.Column, issue.Code));
        Assert.Contains(b.Id.ToString(), issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_SameEmailTwiceInFile_ReportsTheSecondLineWithTheFirst()
    {
        var u = Unique();
        var csv = $"Email,First Name\nx.{u}@example.com,One\nOther.{u}@example.com,Two\nX.{u}@Example.com,Three\n";

        var report = (await Importer.DryRunAsync(Merchant, Csv(csv), cancellationToken: Ct)).Value!;

        var issue = Assert.Single(report.Issues);
        Assert.Equal((4L, CustomerErrorCodes.ImportDuplicateInFile), (issue.Line, issue.Code));
        Assert.Contains("2", issue.Message, StringComparison.Ordinal);
        Assert.Equal(2, report.Created);
    }

    [Fact]
    public async Task Apply_ConsentColumns_AreRecordedWithSourceImport()
    {
        var u = Unique();
        var csv = $"Email,Email Marketing,SMS Marketing\nc.{u}@example.com,yes,opted_out\n";

        var result = await Importer.ApplyAsync(Merchant, Csv(csv), new CustomerImportOptions { ConsentWordingVersion = "2025-01" }, Ct);

        Assert.True(result.Succeeded, result.ToString());
        var customer = (await FindByEmailAsync($"c.{u}@example.com"))!;
        Assert.Equal(ConsentStatus.OptedIn, customer.EmailConsent.Status);
        Assert.Equal(ConsentStatus.OptedOut, customer.SmsConsent.Status);
        var history = (await Customers.GetConsentHistoryAsync(Merchant, customer.Id, Ct)).Value!;
        Assert.Equal(2, history.Count);
        Assert.All(history, h => Assert.Equal(ConsentSource.Import, h.Source));
        Assert.All(history, h => Assert.Equal("2025-01", h.WordingVersion));
    }

    [Fact]
    public async Task Undo_RemovesCreatedAndRestoresUpdatedCustomers()
    {
        var u = Unique();
        var existing = await CreateAsync(new CustomerInput { FirstName = "Before", Email = $"u.{u}@example.com", City = "Ely" });
        var csv = $"Email,First Name,City\nu.{u}@example.com,After,#CLEAR\nnew.{u}@example.com,Created,Hull\n";
        var applied = await Importer.ApplyAsync(Merchant, Csv(csv), new CustomerImportOptions { SourceName = "spring.csv" }, Ct);
        Assert.True(applied.Succeeded, applied.ToString());
        var batch = await Resolve<IImportBatchStore>().FindByIdAsync(Merchant, applied.Value!.BatchId!.Value, Ct);
        Assert.Equal(("system", "spring.csv", 1, 1), (batch!.AppliedBy, batch.SourceName, batch.CreatedCount, batch.UpdatedCount));

        var undone = await Importer.UndoAsync(Merchant, batch.Id, Ct);

        Assert.True(undone.Succeeded, undone.ToString());
        Assert.Equal((1, 1), (undone.Value!.Removed, undone.Value.Restored));
        var restored = await GetAsync(existing.Id);
        Assert.Equal(("Before", "Ely"), (restored.FirstName, restored.City));
        Assert.Equal(existing.Version + 2, restored.Version);
        Assert.Equal(Merchant, restored.MerchantId);
        Assert.Null(await FindByEmailAsync($"new.{u}@example.com"));
        Assert.Equal(ImportBatchStatus.Undone, (await Resolve<IImportBatchStore>().FindByIdAsync(Merchant, batch.Id, Ct))!.Status);
        Assert.True((await Importer.UndoAsync(Merchant, batch.Id, Ct)).HasError(CustomerErrorCodes.ImportAlreadyUndone));
    }

    [Fact]
    public async Task Undo_AfterACustomerChanged_IsBlockedAndChangesNothing()
    {
        var u = Unique();
        var csv = $"Email,First Name\nk1.{u}@example.com,One\nk2.{u}@example.com,Two\n";
        var applied = await Importer.ApplyAsync(Merchant, Csv(csv), cancellationToken: Ct);
        var changed = (await FindByEmailAsync($"k2.{u}@example.com"))!;
        Assert.True((await Customers.UpdateAsync(Merchant, changed.Id, changed.Version, CustomerInput.From(changed) with { City = "Wells" }, Ct)).Succeeded);

        var undone = await Importer.UndoAsync(Merchant, applied.Value!.BatchId!.Value, Ct);

        Assert.True(undone.HasError(CustomerErrorCodes.ImportUndoBlocked));
        Assert.Null(undone.Value);
        Assert.True(undone.TryGetError<ImportUndoBlockedError>(out var blocked));
        Assert.Equal([changed.Id], blocked.BlockingCustomerIds);
        Assert.NotNull(await FindByEmailAsync($"k1.{u}@example.com"));
    }

    [Fact]
    public async Task Apply_Cancelled_LeavesNothingWritten()
    {
        var u = Unique();
        var text = new StringBuilder("Email,First Name\n");
        for (var i = 0; i < 50; i++)
        {
            text.Append(CultureInfoInvariant($"c{i}.{u}@example.com,Row{i}\n"));
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var options = new CustomerImportOptions { ChunkSize = 10, Progress = new CancelOnWriting(cancel) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Importer.ApplyAsync(Merchant, Csv(text.ToString()), options, cancel.Token));

        Assert.Empty(await Resolve<ICustomerStore>().ListAsync(Merchant, null, 100, Ct));
    }

    [Fact]
    public async Task Apply_TillWriteWhileTheFileIsChecked_SucceedsAndTheImportStillApplies()
    {
        var u = Unique();
        var csv = $"Email,First Name\na.{u}@example.com,A\nb.{u}@example.com,B\nc.{u}@example.com,C\n";
        OperationResult<CustomerCreation>? tillWrite = null;
        var options = new CustomerImportOptions
        {
            ChunkSize = 1,
            Progress = new DuringCheck(() => tillWrite ??= Resolve<CustomerService>()
                .CreateAsync(Merchant, new CustomerInput { FirstName = "Walk-in", Email = $"till.{u}@example.com" }, cancellationToken: Ct)
                .GetAwaiter().GetResult()),
        };

        var result = await Importer.ApplyAsync(Merchant, Csv(csv), options, Ct);

        Assert.True(tillWrite!.Succeeded, tillWrite.ToString());
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(3, result.Value!.Created);
        Assert.NotNull(await FindByEmailAsync($"till.{u}@example.com"));
        Assert.NotNull(await FindByEmailAsync($"c.{u}@example.com"));
    }

    [Fact]
    public async Task Apply_CustomerChangedAfterItWasChecked_FailsNamingTheLineAndWritesNothing()
    {
        var u = Unique();
        var existing = await CreateAsync(new CustomerInput { FirstName = "Old", Email = $"known.{u}@example.com" });
        var csv = $"Email,First Name\nknown.{u}@example.com,FromFile\nnew.{u}@example.com,New\n";
        var options = new CustomerImportOptions
        {
            ChunkSize = 1,
            Progress = new DuringCheck(() => Assert.True(Resolve<CustomerService>()
                .UpdateAsync(Merchant, existing.Id, existing.Version, new CustomerInput { FirstName = "ByTill", Email = existing.Email }, Ct)
                .GetAwaiter().GetResult().Succeeded)),
        };
        var feedBefore = await FeedCountAsync();

        var result = await Importer.ApplyAsync(Merchant, Csv(csv), options, Ct);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(CustomerErrorCodes.ImportChangedDuringImport, error.Code);
        Assert.Contains("line 2", error.Description, StringComparison.Ordinal);
        Assert.Equal("ByTill", (await GetAsync(existing.Id)).FirstName);
        Assert.Null(await FindByEmailAsync($"new.{u}@example.com"));
        Assert.Equal(feedBefore + 1, await FeedCountAsync());
    }

    [Fact]
    public async Task Apply_EmailTakenAfterTheRowWasChecked_FailsNamingTheLineAndWritesNothing()
    {
        var u = Unique();
        var csv = $"Email,First Name\nfirst.{u}@example.com,First\ntaken.{u}@example.com,FromFile\nlast.{u}@example.com,Last\n";
        var options = new CustomerImportOptions
        {
            ChunkSize = 2,
            Progress = new DuringCheck(() => Assert.True(Resolve<CustomerService>()
                .CreateAsync(Merchant, new CustomerInput { FirstName = "ByTill", Email = $"taken.{u}@example.com" }, cancellationToken: Ct)
                .GetAwaiter().GetResult().Succeeded)),
        };

        var result = await Importer.ApplyAsync(Merchant, Csv(csv), options, Ct);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(CustomerErrorCodes.ImportChangedDuringImport, error.Code);
        Assert.Contains("line 3", error.Description, StringComparison.Ordinal);
        Assert.Equal("ByTill", (await FindByEmailAsync($"taken.{u}@example.com"))!.FirstName);
        Assert.Null(await FindByEmailAsync($"first.{u}@example.com"));
        Assert.Null(await FindByEmailAsync($"last.{u}@example.com"));
    }

    [Fact]
    public async Task Apply_WritesCustomersExactlyAsTheServiceWritesThem()
    {
        var u = Unique();
        const string header = "First Name,Last Name,Display Name,Company,Email,Phone,Secondary Phone,Address Line 1,Address Line 2,House Number,City,Region,Postal Code,Country,Customer Code,Birthday,Note,Tags,Email Marketing,SMS Marketing,Preferences";
        string Row(string who) =>
            $"Zoë,O'Neil,Zo,Acme Ltd,{who}.{u}@Example.com,020 7946 0123,07911 123470,1 High St,Flat 2,1a,London,Greater London,sw1a 1aa,GB,{who}-{u},1990-02-28,\"Likes tea, no sugar\",\"vip, wholesale\",opted in,opted out,size: M; receipt: email";
        var imported = await Importer.ApplyAsync(Merchant, Csv($"{header}\n{Row("bulk")}\n"), new CustomerImportOptions { CreatePossibleDuplicates = true }, Ct);
        Assert.True(imported.Succeeded, imported.ToString());
        var single = await Customers.CreateAsync(Merchant, new CustomerInput
        {
            FirstName = "Zoë", LastName = "O'Neil", DisplayName = "Zo", CompanyName = "Acme Ltd", Email = $"single.{u}@Example.com",
            Phone = "020 7946 0123", SecondaryPhone = "07911 123470", AddressLine1 = "1 High St", AddressLine2 = "Flat 2", HouseNumber = "1a",
            City = "London", Region = "Greater London", PostalCode = "sw1a 1aa", Country = "GB", CustomerCode = $"single-{u}",
            Birthday = new DateOnly(1990, 2, 28), Note = "Likes tea, no sugar", Tags = ["vip", "wholesale"],
            Preferences = [new("size", "M"), new("receipt", "email")],
            EmailConsent = new ConsentInput(ConsentStatus.OptedIn), SmsConsent = new ConsentInput(ConsentStatus.OptedOut), Source = ConsentSource.Import,
        }, new CreateCustomerOptions { AllowPossibleDuplicates = true }, Ct);
        Assert.True(single.Succeeded, single.ToString());

        var bulk = await FindByEmailAsync($"bulk.{u}@example.com");
        var one = await FindByEmailAsync($"single.{u}@example.com");
        Assert.Equal(Comparable(one!, "single"), Comparable(bulk!, "bulk"));
        Assert.Equal(
            (await Resolve<IConsentHistoryStore>().ListAsync(Merchant, one!.Id, Ct)).Select(c => (c.Channel, c.Status, c.Source, c.RecordedAt)).Order(),
            (await Resolve<IConsentHistoryStore>().ListAsync(Merchant, bulk!.Id, Ct)).Select(c => (c.Channel, c.Status, c.Source, c.RecordedAt)).Order());
    }

    /// <summary>A customer as JSON without what differs by design between two customers written from the same values
    /// (id, and the word that tells the two apart in email and code).</summary>
    private static string Comparable(Customer customer, string who)
    {
        var copy = customer.Clone();
        copy.Id = Guid.Empty;
        return System.Text.Json.JsonSerializer.Serialize(copy).Replace(who, "WHO", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Apply_LargerThanTheInMemoryPlan_WritesEveryRowAsChecked()
    {
        // Enough rows with long notes that the plan of the check pass moves to a temporary file.
        var u = Unique();
        var note = new string('n', 2_000);
        var text = new StringBuilder("Email,First Name,Phone,Note\n");
        const int rows = 5_000;
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfoInvariant($"bulk{i}.{u}@example.com,Row{i},+1 415 555 {i % 10000:0000},{note}\n"));
        }

        var result = await Importer.ApplyAsync(Merchant, Csv(text.ToString()), new CustomerImportOptions { CreatePossibleDuplicates = true }, Ct);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(rows, result.Value!.Created);
        var last = await FindByEmailAsync($"bulk{rows - 1}.{u}@example.com");
        Assert.Equal(("Row4999", "+14155554999", note), (last!.FirstName, last.PhoneE164, last.Note));
    }

    private async Task<int> FeedCountAsync()
    {
        var count = 0;
        long after = 0;
        while (true)
        {
            var page = (await Resolve<CustomerCore.ChangeFeed.CustomerChangeFeed>().ReadAsync(Merchant, after, 1_000, Ct)).Value!;
            if (page.Count == 0)
            {
                return count;
            }

            count += page.Count;
            after = page[^1].Sequence;
        }
    }

    [Fact]
    public async Task ExportThenImport_RoundTripsWithZeroChanges()
    {
        var u = Unique();
        string[] phones = ["+447700900001", "07700 900002", "(07700) 900-003", "+44 20 7946 0004", "12-34", "0044 7700 900005"];
        string[] awkward = ["José \"Pepe\" Núñez", "=SUM(A1:A2)", "+cmd", "-minus", "@handle", "Comma, inside", "Semi;colon | pipe", "Emoji 😀🎉", "'quoted", "'=guarded", "#CLEAR", "Ünïcödé ß"];
        for (var i = 0; i < 24; i++)
        {
            await CreateAsync(new CustomerInput
            {
                FirstName = awkward[i % awkward.Length],
                LastName = "Round" + i,
                CompanyName = awkward[(i + 3) % awkward.Length],
                Email = $"rt{i}.{u}@Example.com",
                Phone = phones[i % phones.Length],
                SecondaryPhone = i % 2 == 0 ? "+34 612 34 56 7" + (i % 10) : null,
                AddressLine1 = "1 \"Quoted\" Street, Flat " + i,
                City = "Zürich",
                PostalCode = "-" + i,
                CustomerCode = i % 3 == 0 ? $"{i}-{u}" : null,
                Birthday = i % 5 == 0 ? new DateOnly(1980 + i, 1 + (i % 12), 1 + i) : null,
                Note = i % 2 == 0 ? "Multi\r\nline, \"note\"\twith tab" : "-5 discount",
                Tags = i % 3 == 1 ? ["vip", "été"] : [],
                Preferences = i % 2 == 0 ? [new("size", "M"), new("pickup time", "9:30"), new("-odd", "=1+1, \"quoted\"")] : [],
                EmailConsent = i % 3 == 0 ? new ConsentInput(ConsentStatus.OptedIn) : null,
                SmsConsent = i % 4 == 1 ? new ConsentInput(ConsentStatus.OptedOut) : null,
            });
        }

        using var exported = new MemoryStream();
        var export = await Resolve<CustomerExporter>().ExportAsync(Merchant, exported, cancellationToken: Ct);
        Assert.True(export.Succeeded, export.ToString());
        Assert.Equal(24, export.Value!.Exported);
        var text = Encoding.UTF8.GetString(exported.ToArray());
        Assert.Contains("'=SUM(A1:A2)", text, StringComparison.Ordinal);
        Assert.Contains(",+447700900001,", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", text, StringComparison.Ordinal);

        exported.Position = 0;
        var report = (await Importer.DryRunAsync(Merchant, exported, cancellationToken: Ct)).Value!;

        Assert.Empty(report.Issues.Where(i => i.Severity == ImportIssueSeverity.Error));
        Assert.Equal(0, report.Created + report.Updated);
        Assert.Empty(report.Rows);
        Assert.Equal(24, report.Unchanged);
    }

    [Fact]
    public async Task Import_PreferencesColumn_IsReadAndABadCellIsAnErrorOnItsLine()
    {
        var u = Unique();
        var csv = $"Email,Preferences\npref.{u}@example.com, size : L ;receipt: email; ;\nbad.{u}@example.com,size M\n";

        var dryRun = (await Importer.DryRunAsync(Merchant, Csv(csv), cancellationToken: Ct)).Value!;
        var error = Assert.Single(dryRun.Issues, i => i.Severity == ImportIssueSeverity.Error);
        Assert.Equal(3, error.Line);
        Assert.Contains("name: value", error.Message, StringComparison.Ordinal);

        var applied = await Importer.ApplyAsync(Merchant, Csv($"Email,Preferences\npref.{u}@example.com, size : L ;receipt: email; ;\n"), cancellationToken: Ct);
        Assert.True(applied.Succeeded, applied.ToString());
        var customer = await FindByEmailAsync($"pref.{u}@example.com");
        Assert.Equal([new CustomerPreference("size", "L"), new CustomerPreference("receipt", "email")], customer!.Preferences);

        var cleared = await Importer.ApplyAsync(Merchant, Csv($"Email,Preferences\npref.{u}@example.com,{CustomerCsvFormat.ClearToken}\n"), cancellationToken: Ct);
        Assert.True(cleared.Succeeded, cleared.ToString());
        Assert.Empty((await FindByEmailAsync($"pref.{u}@example.com"))!.Preferences);
    }

    [Fact]
    public async Task Import_WithoutImportPermission_IsForbidden()
    {
        var csv = "Email\nx@example.com\n";
        var importer = ActAs<CustomerImporter>(new ReadOnlyAccess());

        var result = await importer.DryRunAsync(Merchant, Csv(csv), cancellationToken: Ct);

        Assert.True(result.HasError(CustomerErrorCodes.Forbidden));
    }

    [Fact]
    public async Task Store_FindByPhonesAndCodes_ReturnOnlyMatchingCustomers()
    {
        var u = Unique();
        var a = await CreateAsync(new CustomerInput { FirstName = "Pa", Phone = "+447911123481", CustomerCode = "P-" + u });
        var b = await CreateAsync(new CustomerInput { FirstName = "Pb", SecondaryPhone = "+442079460482" });
        var store = Resolve<ICustomerStore>();

        var byPhone = await store.FindByPhonesAsync(Merchant, [a.PhoneE164!, b.SecondaryPhoneE164!, "+15555550100"], Ct);
        var byCode = await store.FindByNormalizedCustomerCodesAsync(Merchant, [a.NormalizedCustomerCode!, "NOPE-" + u], Ct);

        Assert.Equal(new[] { a.Id, b.Id }.Order(), byPhone.Select(c => c.Id).Order());
        Assert.Equal([a.Id], byCode.Select(c => c.Id));
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    private sealed class ReadOnlyAccess : ICustomerCoreAccessContext
    {
        public string ActorId => "clerk";

        public ValueTask<bool> HasPermissionAsync(MerchantId merchantId, CustomerPermission permission, CancellationToken cancellationToken) =>
            ValueTask.FromResult(permission == CustomerPermissions.Read);
    }

    /// <summary>Runs <paramref name="tillWrite"/> once, after the first chunk is checked and before anything is written,
    /// standing for a till in another scope (its own connection) writing while the import checks the file.</summary>
    private sealed class DuringCheck(Action tillWrite) : IProgress<ImportProgress>
    {
        private bool _done;

        public void Report(ImportProgress value)
        {
            if (value.Stage == ImportStage.Checking && !_done)
            {
                _done = true;
                tillWrite();
            }
        }
    }

    private sealed class CancelOnWriting(CancellationTokenSource source) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value is { Stage: ImportStage.Writing, RowsProcessed: >= 20 })
            {
                source.Cancel();
            }
        }
    }
}
