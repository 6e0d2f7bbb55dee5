using CustomerCore.Customers;
using CustomerCore.Phones;
using Microsoft.Data.Sqlite;

namespace CustomerCore.Sample.Console;

/// <summary>
/// The floor for the lookups: one prepared, indexed SELECT per question on the same file CustomerCore wrote, reading
/// every column of each row, without the service's permission check, normalization or the other lookups it tries.
/// </summary>
internal sealed class BenchRawLookups : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _byPhone;
    private readonly SqliteCommand _byEmail;
    private readonly SqliteCommand _bySuffix;
    private readonly SqliteCommand _byPrefix;
    private readonly SqliteCommand _byName;
    private readonly SqliteCommand _byNameWord;

    public BenchRawLookups(string database, MerchantId merchant)
    {
        _connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        _connection.Open();
        _byPhone = Prepare(merchant, "SELECT * FROM Customers WHERE MerchantId = $merchant AND PhoneE164 = $a ORDER BY Id LIMIT 21");
        _byEmail = Prepare(merchant, "SELECT * FROM Customers WHERE MerchantId = $merchant AND NormalizedEmail = $a");
        _bySuffix = Prepare(merchant, "SELECT * FROM Customers WHERE MerchantId = $merchant AND PhoneDigitsReversed >= $a AND PhoneDigitsReversed < $b ORDER BY Id LIMIT 21");
        _byPrefix = Prepare(merchant, "SELECT * FROM Customers WHERE MerchantId = $merchant AND PhoneE164 >= $a AND PhoneE164 < $b ORDER BY PhoneE164, Id LIMIT 21");
        // The customers in the range of pair keys of the two prefixes (and those with the many-words row), each prefix
        // checked on their own words: the index the EF Core adapter writes for a two-word search (docs/integration.md,
        // "Name search"), read in id order as the other baselines are.
        _byName = Prepare(merchant, """
            SELECT * FROM Customers AS c WHERE c.MerchantId = $merchant AND c.Id IN (
                SELECT CustomerId FROM CustomerNameTokens WHERE MerchantId = $merchant AND Token >= $p AND Token < $q
                UNION ALL
                SELECT CustomerId FROM CustomerNameTokens WHERE MerchantId = $merchant AND Token = ' ')
            AND EXISTS (SELECT 1 FROM CustomerNameTokens AS v WHERE v.MerchantId = c.MerchantId AND v.CustomerId = c.Id AND v.Token >= $a AND v.Token < $b)
            AND EXISTS (SELECT 1 FROM CustomerNameTokens AS v WHERE v.MerchantId = c.MerchantId AND v.CustomerId = c.Id AND v.Token >= $c AND v.Token < $d)
            ORDER BY c.Id LIMIT 21
            """);
        // The first keys of the range of visit keys of three letters, in key order (latest visit, then name: the till's
        // order), with their customers' rows: the index the EF Core adapter writes for a one-word search.
        _byNameWord = Prepare(merchant, """
            SELECT c.* FROM CustomerNameTokens AS k
            JOIN Customers AS c ON c.MerchantId = k.MerchantId AND c.Id = k.CustomerId
            WHERE k.MerchantId = $merchant AND k.Token >= $a AND k.Token < $b
            ORDER BY k.Token, k.CustomerId LIMIT 21
            """);
    }

    /// <summary>The first page of customers with a name word starting with the first three letters of the customer's
    /// first name, in till order: the start of that prefix's visit key range.</summary>
    public int FindByFirstNameStart(BenchCustomer customer)
    {
        var word = customer.FirstName[..3].ToLowerInvariant();
        return Run(_byNameWord, $" {word}#", $" {word}$");
    }

    public int Find(MatchReason reason, BenchCustomer customer) => reason switch
    {
        MatchReason.Phone => Run(_byPhone, "+1" + PhoneNormalizer.DigitsOf(customer.Phone)),
        MatchReason.Email => Run(_byEmail, customer.Email.ToLowerInvariant()),
        MatchReason.PhoneLastDigits => Run(_bySuffix, Reverse(customer.PhoneLastFour), UpperBound(Reverse(customer.PhoneLastFour))),
        MatchReason.PhonePrefix => Run(_byPrefix, "+1" + PhoneNormalizer.DigitsOf(customer.Phone)[..4], UpperBound("+1" + PhoneNormalizer.DigitsOf(customer.Phone)[..4])),
        _ => FindByName(customer.FirstName[..3].ToLowerInvariant(), customer.LastName[..3].ToLowerInvariant()),
    };

    private int FindByName(string first, string last)
    {
        var pair = string.CompareOrdinal(first, last) <= 0 ? $" {first} {last} " : $" {last} {first} ";
        return Run(_byName, first, UpperBound(first), last, UpperBound(last), pair, UpperBound(pair));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _byPhone, _byEmail, _bySuffix, _byPrefix, _byName, _byNameWord })
        {
            await command.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private static string Reverse(string digits) => PhoneNormalizer.Reverse(digits);

    // Generated prefixes are ASCII, so raising the last character gives the end of the range.
    private static string UpperBound(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private SqliteCommand Prepare(MerchantId merchant, string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$merchant", merchant.Value);
        foreach (var name in new[] { "$a", "$b", "$c", "$d", "$p", "$q" }.Where(n => sql.Contains(n, StringComparison.Ordinal)))
        {
            command.Parameters.Add(name, SqliteType.Text);
        }

        command.Prepare();
        return command;
    }

    private static int Run(SqliteCommand command, params string[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i + 1].Value = values[i];
        }

        return ReadAll(command);
    }

    /// <summary>Runs a prepared query and reads every column of every row, as a caller of the raw query would.</summary>
    public static int ReadAll(SqliteCommand command)
    {
        var rows = 0;
        using var reader = command.ExecuteReader();
        var cells = new object[reader.FieldCount];
        while (reader.Read())
        {
            reader.GetValues(cells);
            rows++;
        }

        return rows;
    }
}
