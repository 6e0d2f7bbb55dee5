using System.Globalization;
using System.Text;
using CustomerCore.Importing;

namespace CustomerCore.Tests.Fuzz;

/// <summary>
/// One generated import: the file's bytes and the options it is imported with, made from a seed alone, so a failing case
/// is replayed by its seed (see docs/security.md, "Errors and hostile input").
/// </summary>
internal sealed record CsvFuzzCase(int Seed, string Shape, byte[] File, CustomerImportOptions Options, int CancelAtReport)
{
    private static readonly string[] KnownHeaders =
    [
        "First Name", "Last Name", "Display Name", "Company", "Email", "Phone", "Phone 1", "Customer Code", "Postal Code",
        "Note", "Birthday", "City", "Region", "Email Consent", "Address Line 1",
    ];

    private static readonly string[] CardForms =
    [
        "4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5500 0000 0000 0004", "3400 000000 00009",
        "card 4111111111111111 exp 12/29", "4111.1111.1111.1111", "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", "６０１１１１１１１１１１１１１７",
    ];

    private static readonly string[] FormulaPrefixes = ["=", "+", "-", "@", "\t=", "\r=", "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")"];

    private static readonly string[] Oddities =
    [
        "\"unclosed", "ab\"c", "\"a\"\"b\"", "\"x\"y", "\"", "\"\"", "a\u0000b", "\u001b[2J", "bell\u0007", "del\u007f", "\u202Eevil",
        "zero\u200Bwidth", "\uFEFFbom", "tab\there", "café", "日本語", "😀", "\uD800", "line\nbreak", "cr\ronly", " padded ", "",
    ];

    public static CsvFuzzCase Create(int seed)
    {
        var random = new Random(seed);
        var options = new CustomerImportOptions
        {
            ErrorHandling = random.Next(2) == 0 ? ImportErrorHandling.AllOrNothing : ImportErrorHandling.SkipInvalidRows,
            AllowWindows1252 = random.Next(3) == 0,
            CreatePossibleDuplicates = random.Next(3) == 0,

            // A small limit now and then, so long records meet it without the test writing megabytes.
            MaxRecordBytes = random.Next(4) == 0 ? 16 * 1024 : 1024 * 1024,
            MaxReportedRows = 10_000,
            ChunkSize = random.Next(3) == 0 ? 3 : 2_000,
        };
        var cancelAt = random.Next(12) == 0 ? random.Next(1, 3) : 0;
        if (random.Next(12) == 0)
        {
            var bytes = new byte[random.Next(0, 3000)];
            random.NextBytes(bytes);
            return new CsvFuzzCase(seed, "random bytes", bytes, options, cancelAt);
        }

        var (encodingName, encoding, preamble) = PickEncoding(random);
        var text = Text(random);
        var body = encoding.GetBytes(text);
        return new CsvFuzzCase(seed, $"csv in {encodingName}", [.. preamble, .. body], options, cancelAt);
    }

    public override string ToString() =>
        $"seed {Seed} ({Shape}, {File.Length} bytes, {Options.ErrorHandling}, max record {Options.MaxRecordBytes}, cancel at report {CancelAtReport})";

    private static (string Name, Encoding Encoding, byte[] Preamble) PickEncoding(Random random)
    {
        var utf8 = new UTF8Encoding(false);
        var le = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
        var be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
        return random.Next(10) switch
        {
            0 => ("utf-8 with BOM", utf8, [0xEF, 0xBB, 0xBF]),
            1 => ("utf-16le with BOM", le, [0xFF, 0xFE]),
            2 => ("utf-16le", le, []),
            3 => ("utf-16be with BOM", be, [0xFE, 0xFF]),
            4 => ("utf-16be", be, []),
            5 => ("windows-1252", Windows1252(), []),
            _ => ("utf-8", utf8, []),
        };
    }

    private static Encoding Windows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    private static string Text(Random random)
    {
        var separator = random.Next(8) switch { 0 => ';', 1 => '\t', _ => ',' };
        var newline = random.Next(6) switch { 0 => "\r\n", 1 => "\r", _ => "\n" };
        var headers = random.Next(15) == 0
            ? Enumerable.Range(0, random.Next(150, 260)).Select(i => $"Column {i}").Prepend("Email").ToList()
            : Enumerable.Range(0, random.Next(1, 7)).Select(_ => random.Next(8) == 0 ? "Unknown " + random.Next(100) : KnownHeaders[random.Next(KnownHeaders.Length)]).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendJoin(separator, headers.Select(h => Quote(random, h, separator))).Append(newline);
        var rows = random.Next(0, 25);
        for (var row = 0; row < rows; row++)
        {
            if (random.Next(10) == 0)
            {
                text.Append(newline);
            }

            var cells = headers.Count + (random.Next(10) == 0 ? random.Next(-2, 3) : 0);
            text.AppendJoin(separator, Enumerable.Range(0, Math.Max(1, cells)).Select(c => Quote(random, Value(random, c < headers.Count ? headers[c] : "?", row), separator)));
            if (random.Next(20) != 0)
            {
                text.Append(newline);
            }
        }

        return text.ToString();
    }

    private static string Value(Random random, string header, int row)
    {
        if (random.Next(6) == 0)
        {
            return random.Next(5) switch
            {
                0 => CardForms[random.Next(CardForms.Length)],
                1 => FormulaPrefixes[random.Next(FormulaPrefixes.Length)] + "SUM(A1:A9)",
                2 => new string((char)random.Next('a', 'z' + 1), random.Next(1, 4) == 1 ? random.Next(9_000, 40_000) : random.Next(100, 300)),
                3 => new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)random.Next(0, 0x3000)).ToArray()),
                _ => Oddities[random.Next(Oddities.Length)],
            };
        }

        return header switch
        {
            "Email" => random.Next(8) == 0 ? "not-an-email" : $"fuzz{row % (random.Next(6) == 0 ? 3 : 1000)}@example.com",
            "Phone" or "Phone 1" => random.Next(3) switch { 0 => "+44 7911 123" + random.Next(100, 999).ToString(CultureInfo.InvariantCulture), 1 => "(415) 555-" + random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture), _ => random.Next().ToString(CultureInfo.InvariantCulture) },
            "Birthday" => random.Next(3) == 0 ? "31/02/1990" : "1990-02-28",
            "Email Consent" => random.Next(3) switch { 0 => "yes", 1 => "opted_in", _ => "maybe" },
            "Customer Code" => "C-" + random.Next(50).ToString(CultureInfo.InvariantCulture),
            _ => random.Next(4) == 0 ? string.Empty : "Name" + random.Next(1000).ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Writes a value as CSV would (quoted when needed), or now and then as is, breaking the structure on purpose.</summary>
    private static string Quote(Random random, string value, char separator)
    {
        if (random.Next(8) == 0)
        {
            return value;
        }

        var needsQuotes = value.Contains(separator, StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal);
        return needsQuotes || random.Next(5) == 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
