using System.Text;
using CustomerCore.Customers;
using CustomerCore.Importing;
using CustomerCore.Stores;

namespace CustomerCore.Tests;

/// <summary>Control characters in cells and UTF-16 files without a byte order mark, read from the committed sample files.</summary>
public sealed class ImportTextHygieneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<IReadOnlyList<Customer>> AllAsync(ImportHarness harness) =>
        harness.Resolve<ICustomerStore>().ListAsync(harness.Merchant, null, 100, Ct);

    [Fact]
    public async Task ControlCharactersInCells_AreRowErrorsWithLineColumnAndPosition_AndAllOrNothingWritesNothing()
    {
        await using var harness = new ImportHarness();
        await using var stream = ImportHarness.OpenData("control-characters.csv");

        var result = await harness.Importer.ApplyAsync(harness.Merchant, stream, cancellationToken: Ct);

        Assert.True(result.HasError(CustomerErrorCodes.ImportHasErrors), result.ToString());
        Assert.True(result.TryGetError<ImportRefusedError>(out var refused));
        var errors = refused.Report.Issues.Where(i => i.Severity == ImportIssueSeverity.Error).ToList();
        Assert.Equal(
            [(4L, "First Name"), (5L, "Email"), (6L, "Note"), (7L, "Last Name")],
            errors.Select(i => (i.Line, i.Column)));
        Assert.All(errors, i => Assert.Equal(CustomerErrorCodes.ControlCharacter, i.Code));
        Assert.Contains("U+001B", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("4", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("U+0000", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("U+202E", errors[3].Message, StringComparison.Ordinal);
        Assert.All(errors, i => Assert.DoesNotContain(i.Message, c => char.IsControl(c) || c == '\u202E'));
        Assert.Empty(await AllAsync(harness));
    }

    [Fact]
    public async Task ControlCharactersInCells_SkipInvalidRows_WritesOnlyTheCleanRow()
    {
        await using var harness = new ImportHarness();
        await using var stream = ImportHarness.OpenData("control-characters.csv");

        var result = await harness.Importer.ApplyAsync(
            harness.Merchant, stream, new CustomerImportOptions { ErrorHandling = ImportErrorHandling.SkipInvalidRows }, Ct);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal((1, 4), (result.Value!.Created, result.Value.Errors));
        var ada = Assert.Single(await AllAsync(harness));
        Assert.Equal("ada@example.com", ada.Email);
        Assert.Equal("Line one\r\nLine two\ttabbed", ada.Note);
    }

    [Theory]
    [InlineData("utf16le-without-bom.csv", "utf-16le")]
    [InlineData("utf16be-without-bom.csv", "utf-16be")]
    public async Task Utf16WithoutByteOrderMark_IsRecognisedAndDecoded(string file, string encoding)
    {
        await using var harness = new ImportHarness();
        await using var stream = ImportHarness.OpenData(file);

        var result = await harness.Importer.ApplyAsync(harness.Merchant, stream, cancellationToken: Ct);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(encoding, result.Value!.Encoding);
        Assert.Equal(3, result.Value.Created);
        var customers = await AllAsync(harness);
        Assert.Equal(3, customers.Count);
        var zoe = customers.Single(c => c.Email == "zoe.obriain@example.com");
        Assert.Equal(("Zoë", "Ó Briain", "Dún Laoghaire", "Two lines:\r\nsecond"), (zoe.FirstName, zoe.LastName, zoe.City, zoe.Note));
        Assert.Equal("København", customers.Single(c => c.Email == "soren@example.dk").City);
        Assert.Equal(("山田", "東京"), customers.Single(c => c.Email == "yamada@example.jp") is var y ? (y.FirstName, y.City) : default);
        Assert.DoesNotContain(customers, c => c.Email!.Contains('\0', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Utf16WithoutByteOrderMark_WithABrokenCharacter_IsRefusedAsAWholeFile()
    {
        await using var harness = new ImportHarness();
        var bytes = new List<byte>(Encoding.Unicode.GetBytes("Email,First Name\r\nanna@example.com,Anna\r\nbroken@example.com,Bro"));
        bytes.AddRange([0x00, 0xD8]);
        bytes.AddRange(Encoding.Unicode.GetBytes("ken\r\n"));

        var result = await harness.Importer.ApplyAsync(harness.Merchant, new MemoryStream([.. bytes]), cancellationToken: Ct);

        Assert.True(result.HasError(CustomerErrorCodes.ImportInvalidEncoding), result.ToString());
        Assert.Empty(await AllAsync(harness));
    }

    [Theory]
    [InlineData("First Name,Email\r\nAnna,anna@example.com\r\n")]
    [InlineData("Vorname;E-Mail;Straße\r\nJürgen;j@example.de;Königstraße 1\r\n")]
    public void DetectUnmarkedUtf16_Utf8Text_IsNotUtf16(string text)
    {
        Assert.Null(ImportSource.DetectUnmarkedUtf16(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void DetectUnmarkedUtf16_AStrayNulInUtf8_IsNotUtf16()
    {
        Assert.Null(ImportSource.DetectUnmarkedUtf16(Encoding.UTF8.GetBytes("First Name,Email\r\nNul,nul\0@example.com\r\n")));
    }
}
