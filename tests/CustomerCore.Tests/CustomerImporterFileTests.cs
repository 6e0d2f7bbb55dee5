using System.Globalization;
using System.Text;
using CustomerCore.Customers;
using CustomerCore.Importing;
using CustomerCore.Privacy;
using CustomerCore.Stores;

namespace CustomerCore.Tests;

public sealed class CustomerImporterFileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(ImportHarness Harness, ImportReport Report)> ApplyFileAsync(string file, CustomerImportOptions? options = null, string region = "GB")
    {
        var harness = new ImportHarness(region);
        await using var stream = ImportHarness.OpenData(file);
        var result = await harness.Importer.ApplyAsync(harness.Merchant, stream, options, Ct);
        Assert.True(result.Succeeded, result.ToString() + " " + string.Join(" | ", result.Value?.Issues.Select(i => $"{i.Line}:{i.Column}:{i.Message}") ?? []));
        return (harness, result.Value!);
    }

    private static async Task<Customer> ByEmailAsync(ImportHarness harness, string email) =>
        (await harness.Resolve<ICustomerStore>().FindByNormalizedEmailAsync(harness.Merchant, email, Ct))!;

    [Fact]
    public async Task Square_Export_MapsEveryColumnItImports()
    {
        var (harness, report) = await ApplyFileAsync("square-customers.csv");
        await using var _ = harness;

        Assert.Equal(2, report.Created);
        Assert.DoesNotContain(report.Issues, i => i.Code == CustomerErrorCodes.ImportUnknownColumn);
        var amelia = await ByEmailAsync(harness, "amelia.hart@example.com");
        Assert.Equal(("Amelia", "Hart", "Millie", "Hart & Co"), (amelia.FirstName, amelia.LastName, amelia.DisplayName, amelia.CompanyName));
        Assert.Equal(("SQ-1001", "LS1 4AB", "West Yorkshire", "Prefers morning calls"), (amelia.CustomerCode, amelia.PostalCode, amelia.Region, amelia.Note));
        Assert.Equal(new DateOnly(1988, 4, 12), amelia.Birthday);
        Assert.Equal(ConsentStatus.OptedIn, amelia.EmailConsent.Status);
        Assert.Equal(ConsentStatus.OptedOut, (await ByEmailAsync(harness, "oliver.stone@example.com")).EmailConsent.Status);
        Assert.Equal("3 Kings Road, Flat 2", (await ByEmailAsync(harness, "oliver.stone@example.com")).AddressLine1);
    }

    [Fact]
    public async Task Shopify_Export_WithBom_MapsAddressPhonesTagsAndConsent()
    {
        var (harness, report) = await ApplyFileAsync("shopify-customers.csv");
        await using var _ = harness;

        Assert.Equal("utf-8", report.Encoding);
        var grace = await ByEmailAsync(harness, "grace.lee@example.com");
        Assert.Equal("+447700900789", grace.Phone);
        Assert.Equal(["vip", "newsletter"], grace.Tags);
        Assert.Equal("Likes \"limited\" editions", grace.Note);
        Assert.Equal(("221 Baker Street", "London", "ENG", "GB", "NW1 6XE"), (grace.AddressLine1, grace.City, grace.Region, grace.Country, grace.PostalCode));
        var noah = await ByEmailAsync(harness, "noah.patel@example.com");
        Assert.Equal(("Patel Foods", "Unit 4", "+44 161 496 0000"), (noah.CompanyName, noah.AddressLine2, noah.SecondaryPhone));
        Assert.Equal(ConsentStatus.OptedIn, noah.SmsConsent.Status);
        Assert.Equal(ImportColumnMapping(report, "Default Address Zip"), CustomerImportField.PostalCode);
    }

    [Fact]
    public async Task Loyverse_Export_MapsCustomerNameAndCodeAndCreatesRowsWithoutEmail()
    {
        var (harness, report) = await ApplyFileAsync("loyverse-customers.csv");
        await using var _ = harness;

        Assert.Equal(2, report.Created);
        var luna = await ByEmailAsync(harness, "hola@cafeluna.example");
        Assert.Equal(("Café Luna", "LV-0007", "East Sussex", "BN1 1AA"), (luna.DisplayName, luna.CustomerCode, luna.Region, luna.PostalCode));
        Assert.NotNull(await harness.Resolve<ICustomerStore>().FindByNormalizedCustomerCodeAsync(harness.Merchant, "LV-0008", Ct));
    }

    [Fact]
    public async Task GenericExport_MapsPhone1And2AndIgnoresKnownExtras()
    {
        var (harness, report) = await ApplyFileAsync("generic-contacts.csv");
        await using var _ = harness;

        var ada = await ByEmailAsync(harness, "ada@example.org");
        Assert.Equal(("+442079460001", "Analytical Engines", "United Kingdom"), (ada.PhoneE164, ada.CompanyName, ada.Country));
        Assert.Equal("+44 7700 900111", ada.SecondaryPhone);
        Assert.Null(ImportColumnMapping(report, "Website"));
        Assert.Null(ImportColumnMapping(report, "Subscription Date"));
        Assert.DoesNotContain(report.Issues, i => i.Code == CustomerErrorCodes.ImportUnknownColumn);
    }

    [Fact]
    public async Task SpanishHeaders_WithSemicolonsAndBom_Map()
    {
        var (harness, report) = await ApplyFileAsync("spanish-clientes.csv", region: "ES");
        await using var _ = harness;

        Assert.Equal(';', report.Separator);
        var jose = await ByEmailAsync(harness, "jose.garcia@example.es");
        Assert.Equal(("José", "García Pérez", "+34612345678", "28013", "ES-001"), (jose.FirstName, jose.LastName, jose.PhoneE164, jose.PostalCode, jose.CustomerCode));
        Assert.Equal(new DateOnly(1979, 11, 30), jose.Birthday);
        Assert.Equal("Avenida del Puerto 10, 3º", (await ByEmailAsync(harness, "lucia@example.es")).AddressLine1);
    }

    [Fact]
    public async Task GermanHeaders_MapIncludingHouseNumberAndGermanDates()
    {
        var (harness, report) = await ApplyFileAsync("german-kunden.csv", region: "DE");
        await using var _ = harness;

        var juergen = await ByEmailAsync(harness, "juergen.mueller@example.de");
        Assert.Equal(("Jürgen", "Müller", "Bäckerei Müller GmbH", "Hauptstraße", "12a"), (juergen.FirstName, juergen.LastName, juergen.CompanyName, juergen.AddressLine1, juergen.HouseNumber));
        Assert.Equal(("+49301234567", "10115", "Berlin", "DE-100"), (juergen.PhoneE164, juergen.PostalCode, juergen.City, juergen.CustomerCode));
        Assert.Equal(new DateOnly(1975, 12, 24), juergen.Birthday);
        Assert.Equal(2, report.Created);
    }

    [Theory]
    [InlineData("semicolon.csv", ';', "mia.wong@example.com", "Bristol, Avon")]
    [InlineData("tab-separated.tsv", '\t', "ivy.chen@example.com", null)]
    public async Task Separator_IsDetected(string file, char separator, string email, string? city)
    {
        var (harness, report) = await ApplyFileAsync(file);
        await using var _ = harness;

        Assert.Equal(separator, report.Separator);
        var customer = await ByEmailAsync(harness, email);
        Assert.Equal(city, customer.City);
        if (separator == '\t')
        {
            Assert.Equal("Prefers, commas; and semicolons", customer.Note);
        }
    }

    [Fact]
    public async Task Utf16WithBom_IsRead()
    {
        var (harness, report) = await ApplyFileAsync("utf16-with-bom.csv");
        await using var _ = harness;

        Assert.Equal("utf-16", report.Encoding);
        var zoe = await ByEmailAsync(harness, "zoe.obriain@example.com");
        Assert.Equal(("Zoë", "Ó Briain", "Dún Laoghaire"), (zoe.FirstName, zoe.LastName, zoe.City));
        Assert.Equal("København", (await ByEmailAsync(harness, "soren@example.dk")).City);
    }

    [Fact]
    public async Task Windows1252_IsRejectedWithTheLineUnlessAllowed()
    {
        await using var harness = new ImportHarness();
        await using var stream = ImportHarness.OpenData("windows-1252.csv");

        var rejected = await harness.Importer.DryRunAsync(harness.Merchant, stream, cancellationToken: Ct);

        var error = Assert.Single(rejected.Errors);
        Assert.Equal(CustomerErrorCodes.ImportInvalidEncoding, error.Code);
        Assert.Contains("2", error.Description, StringComparison.Ordinal);
        Assert.Empty(await harness.Resolve<ICustomerStore>().ListAsync(harness.Merchant, null, 10, Ct));

        var (allowedHarness, report) = await ApplyFileAsync("windows-1252.csv", new CustomerImportOptions { AllowWindows1252 = true });
        await using var __ = allowedHarness;
        Assert.Equal("windows-1252", report.Encoding);
        var renee = await ByEmailAsync(allowedHarness, "renee@example.fr");
        Assert.Equal(("Renée", "Dupré", "Orléans"), (renee.FirstName, renee.LastName, renee.City));
        Assert.DoesNotContain('\uFFFD', renee.FirstName!);
    }

    [Fact]
    public async Task QuotedNewlines_StayInTheFieldAndLinesCountPhysicalLines()
    {
        var (harness, report) = await ApplyFileAsync("quoted-newlines.csv");
        await using var _ = harness;

        Assert.Equal("Line one\r\nLine two, with a comma\r\nand \"quotes\"", (await ByEmailAsync(harness, "hana.sato@example.com")).Note);
        Assert.Equal([2L, 5L], report.Rows.Select(r => r.Line));
    }

    [Fact]
    public async Task UnknownColumn_IsAWarningAndMissingIdentifyingColumn_IsAnError()
    {
        await using var harness = new ImportHarness();
        var warned = await harness.Importer.DryRunAsync(harness.Merchant, Csv("Email,Favourite Colour\na@example.com,blue\n"), cancellationToken: Ct);
        var refused = await harness.Importer.DryRunAsync(harness.Merchant, Csv("City,Favourite Colour\nLeeds,blue\n"), cancellationToken: Ct);

        Assert.True(warned.Succeeded);
        var warning = Assert.Single(warned.Value!.Issues);
        Assert.Equal((1L, "Favourite Colour", CustomerErrorCodes.ImportUnknownColumn, ImportIssueSeverity.Warning), (warning.Line, warning.Column, warning.Code, warning.Severity));
        Assert.True(refused.HasError(CustomerErrorCodes.ImportMissingIdentifyingColumn));
    }

    [Fact]
    public async Task Apply_WithEditedMapping_UsesTheReviewersChoice()
    {
        await using var harness = new ImportHarness();
        const string csv = "Email,Spitzname\nm@example.com,Moe\n";
        var proposed = (await harness.Importer.DryRunAsync(harness.Merchant, Csv(csv), cancellationToken: Ct)).Value!.Mapping;
        Assert.Null(proposed[1].Field);

        var edited = proposed.Select(m => m.Index == 1 ? m with { Field = CustomerImportField.FirstName } : m).ToList();
        var applied = await harness.Importer.ApplyAsync(harness.Merchant, Csv(csv), new CustomerImportOptions { Mapping = edited }, Ct);
        var mismatched = await harness.Importer.DryRunAsync(harness.Merchant, Csv("Email,Other\nm@example.com,x\n"), new CustomerImportOptions { Mapping = edited }, Ct);

        Assert.True(applied.Succeeded, applied.ToString());
        Assert.Equal("Moe", (await ByEmailAsync(harness, "m@example.com")).FirstName);
        Assert.True(mismatched.HasError(CustomerErrorCodes.ImportInvalidMapping));
    }

    [Fact]
    public async Task Limits_GiveClearErrors()
    {
        await using var harness = new ImportHarness();
        var longField = await harness.Importer.DryRunAsync(harness.Merchant, Csv($"Email,Note\na@example.com,{new string('x', 300)}\n"), new CustomerImportOptions { MaxFieldLength = 200 }, Ct);
        var hugeRecord = await harness.Importer.DryRunAsync(harness.Merchant, Csv($"Email,Note\na@example.com,{new string('y', 200_000)}\n"), new CustomerImportOptions { MaxRecordBytes = 64 * 1024 }, Ct);
        var hugeQuotedRecord = await harness.Importer.DryRunAsync(harness.Merchant, Csv($"Email,Note\na@example.com,\"{new string('y', 200_000)}\"\n"), new CustomerImportOptions { MaxRecordBytes = 64 * 1024 }, Ct);

        Assert.Contains(longField.Value!.Issues, i => i is { Line: 2, Column: "Note", Code: CustomerErrorCodes.ImportLimitExceeded });
        Assert.True(hugeRecord.HasError(CustomerErrorCodes.ImportLimitExceeded), hugeRecord.ToString());
        Assert.True(hugeQuotedRecord.HasError(CustomerErrorCodes.ImportLimitExceeded), hugeQuotedRecord.ToString());
    }

    [Fact]
    public async Task UnclosedQuote_InALargeFile_IsNamedWithTheLineItOpenedOn()
    {
        // The quote opened on line 4 takes the rest of the file with it; the reader stops at the record size limit.
        var text = new StringBuilder("Email,Note\r\na@example.com,fine\r\nb@example.com,\"quoted, closed\"\r\nc@example.com,\"never closed\r\n");
        for (var i = 0; i < 5000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"row{i}@example.com,plain note\r\n");
        }

        await using var harness = new ImportHarness();
        var options = new CustomerImportOptions { MaxRecordBytes = 16 * 1024 };
        var checkedOnly = await harness.Importer.DryRunAsync(harness.Merchant, Csv(text.ToString()), options, Ct);
        var applied = await harness.Importer.ApplyAsync(harness.Merchant, Csv(text.ToString()), options, Ct);

        foreach (var result in new[] { checkedOnly, applied })
        {
            var error = Assert.Single(result.Errors);
            Assert.Equal(CustomerErrorCodes.ImportMalformedCsv, error.Code);
            Assert.Equal("Line 4 is not valid CSV: a quoted field is never closed.", error.Description);
        }

        Assert.Null(await harness.Resolve<ICustomerStore>().FindByNormalizedEmailAsync(harness.Merchant, "a@example.com", Ct));
    }

    [Fact]
    public async Task Template_HasTheCanonicalHeadersAndImportsAsIs()
    {
        await using var harness = new ImportHarness();
        using var template = new MemoryStream();
        await CustomerImporter.WriteTemplateAsync(template, Ct);
        var text = Encoding.UTF8.GetString(template.ToArray()).TrimStart('\uFEFF').TrimEnd();

        Assert.Equal(CustomerImporter.TemplateHeader, text);
        Assert.StartsWith("First Name,Last Name,Display Name,Company,Email,Phone", text, StringComparison.Ordinal);
        template.Position = 0;
        var report = await harness.Importer.DryRunAsync(harness.Merchant, template, cancellationToken: Ct);
        Assert.True(report.Succeeded, report.ToString());
        Assert.All(report.Value!.Mapping, m => Assert.Equal(CustomerCsvFormat.CanonicalHeaders[m.Index], CustomerCsvFormat.HeaderOf(m.Field!.Value)));
    }

    [Fact]
    public async Task NonSeekableInput_IsSpooledAndImported()
    {
        await using var harness = new ImportHarness();
        await using var stream = new ForwardOnlyStream(Csv("Email,First Name\nf@example.com,Flow\n"));

        var result = await harness.Importer.ApplyAsync(harness.Merchant, stream, cancellationToken: Ct);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("Flow", (await ByEmailAsync(harness, "f@example.com")).FirstName);
    }

    private static CustomerImportField? ImportColumnMapping(ImportReport report, string header) =>
        report.Mapping.Single(m => m.Header == header).Field;

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
