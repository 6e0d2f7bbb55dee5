using System.Globalization;
using System.Text;

namespace CustomerCore.Sample.Console;

/// <summary>
/// The synthetic customers the <c>bench</c> command and the benchmark project measure with: every row has a unique
/// email and a unique, valid US phone number, and the names come from a few thousand syllable combinations so that
/// a name prefix matches a realistic share of the directory. Deterministic, so runs compare.
/// </summary>
internal static class BenchWorkload
{
    /// <summary>The columns of the generated file: a vendor's typical export, canonical headers.</summary>
    public static readonly string[] Headers =
    [
        "First Name", "Last Name", "Email", "Phone", "Address Line 1", "City", "Postal Code", "Country", "Customer Code", "Tags",
    ];

    private static readonly string[] FirstStarts = ["Al", "Be", "Car", "Da", "El", "Fe", "Ga", "Ha", "Is", "Jo", "Ka", "Lu", "Ma", "Ni", "Ol", "Pa", "Ro", "Sa", "Te", "Vi"];
    private static readonly string[] FirstEnds = ["ex", "na", "la", "ria", "n", "ssa", "bel", "rick", "mon", "ra", "lie", "ton", "da", "vin", "ine"];
    private static readonly string[] LastStarts = ["Ab", "Bran", "Cas", "Dell", "Ev", "Fitz", "Gor", "Hart", "Ing", "Jan", "Kow", "Lind", "Mor", "Nor", "Ost", "Pen", "Quin", "Ros", "Sten", "Tur",
        "Ull", "Van", "Wal", "Yor", "Zel", "Brook", "Chal", "Dun", "Eck", "Fair", "Grif", "Holt", "Ire", "Jess", "Kirk", "Lang", "Mill", "Nash", "Ort", "Pratt"];
    private static readonly string[] LastEnds = ["ams", "ley", "sen", "son", "ski", "er", "man", "ford", "berg", "well", "ton", "ner", "ridge", "wood", "stein", "ley", "by", "field", "more", "ham",
        "ert", "ling", "ow", "ard", "es", "ick", "ett", "ola", "ini", "ez", "ich", "ova", "ard", "ant", "ock", "ers", "and", "ing", "ald", "ust", "ine", "ues", "ota", "ago", "ell", "uck", "arn", "oss", "ith", "orn"];
    private static readonly string[] Cities = ["Springfield", "Riverton", "Fairview", "Madison", "Georgetown", "Salem", "Franklin", "Clinton", "Greenville", "Bristol"];
    private static readonly string[] AreaCodes = ["212", "310", "415", "312", "617", "305", "206", "512", "303", "404", "702", "713", "215", "602", "503", "612"];

    /// <summary>The customer the generator writes on row <paramref name="index"/> (0-based).</summary>
    public static BenchCustomer Customer(int index)
    {
        // Spread neighbouring rows over the name lists, so a prefix does not pick one contiguous block of rows.
        var mixed = (int)((uint)index * 2654435761u % 1_000_003u);
        var first = FirstStarts[mixed % FirstStarts.Length] + FirstEnds[mixed / FirstStarts.Length % FirstEnds.Length].ToLowerInvariant();
        var lastIndex = mixed / 7 % (LastStarts.Length * LastEnds.Length);
        var last = LastStarts[lastIndex % LastStarts.Length] + LastEnds[lastIndex / LastStarts.Length];

        // Subscriber numbers cycle fastest; exchange codes end in 20 to 99, so none is an N11 service code.
        var subscriber = index % 10_000;
        var rest = index / 10_000;
        var exchange = ((2 + (rest % 8)) * 100) + 20 + (rest / 8 % 80);
        var area = AreaCodes[rest / 640 % AreaCodes.Length];
        var phone = string.Create(CultureInfo.InvariantCulture, $"({area}) {exchange:000}-{subscriber:0000}");
        return new BenchCustomer(
            first,
            last,
            string.Create(CultureInfo.InvariantCulture, $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{index}@example.com"),
            phone,
            subscriber.ToString("0000", CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"{1 + (index % 9_999)} Main Street"),
            Cities[index % Cities.Length],
            (10_000 + (mixed % 89_999)).ToString(CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"C{index:0000000}"),
            index % 5 == 0 ? "vip" : string.Empty);
    }

    /// <summary>Whether a generated number (+1, an area code of the list, then seven digits) can start with
    /// <paramref name="e164Prefix"/>: the text it was typed as would list type-ahead matches.</summary>
    public static bool CouldStartANumber(string e164Prefix) =>
        AreaCodes.Any(area => ("+1" + area).StartsWith(e164Prefix, StringComparison.Ordinal) || e164Prefix.StartsWith("+1" + area, StringComparison.Ordinal));

    /// <summary>Writes <paramref name="rows"/> customers as a UTF-8 CSV file in the canonical format.</summary>
    public static void WriteCsv(string path, int rows)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        writer.Write(string.Join(',', Headers));
        writer.Write('\n');
        for (var i = 0; i < rows; i++)
        {
            var c = Customer(i);
            writer.Write(c.FirstName);
            writer.Write(',');
            writer.Write(c.LastName);
            writer.Write(',');
            writer.Write(c.Email);
            writer.Write(',');
            writer.Write(c.Phone);
            writer.Write(',');
            writer.Write(c.AddressLine1);
            writer.Write(',');
            writer.Write(c.City);
            writer.Write(',');
            writer.Write(c.PostalCode);
            writer.Write(",US,");
            writer.Write(c.CustomerCode);
            writer.Write(',');
            writer.Write(c.Tags);
            writer.Write('\n');
        }
    }
}

/// <summary>One generated customer, as its cells appear in the file.</summary>
internal sealed record BenchCustomer(
    string FirstName,
    string LastName,
    string Email,
    string Phone,
    string PhoneLastFour,
    string AddressLine1,
    string City,
    string PostalCode,
    string CustomerCode,
    string Tags);
