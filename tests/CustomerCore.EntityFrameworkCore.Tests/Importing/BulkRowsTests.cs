using System.Data.Common;
using System.Globalization;
using System.Text;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Customers;
using CustomerCore.Importing;
using CustomerCore.Privacy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CustomerCore.EntityFrameworkCore.Tests.Importing;

/// <summary>
/// The import's set-based inserts (every row of a chunk in one statement) against the rows <c>SaveChanges</c> writes
/// for one customer created through <see cref="CustomerService"/> from the same values: every column of every table
/// the import writes must hold the same stored type, and the same value where the two are meant to agree.
/// </summary>
public abstract class BulkRowsTests : IAsyncDisposable
{
    private static readonly MerchantId Merchant = new("m-bulk-rows");
    private ServiceProvider? _services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Points the stores at the database under test.</summary>
    protected abstract void UseDatabase(DbContextOptionsBuilder options);

    /// <summary>An open connection to that database, for reading the stored rows as they are.</summary>
    protected abstract Task<DbConnection> OpenAsync();

    /// <summary>SQL naming the columns of <paramref name="table"/>, in order.</summary>
    protected abstract string ColumnsSql(string table);

    /// <summary>SQL for the stored type and the stored value (as text) of a column.</summary>
    protected abstract (string Type, string Value) CellSql(string column);

    /// <summary>The parameter that selects rows by a key column holding <paramref name="key"/>.</summary>
    protected abstract object KeyValue(Guid key);

    [Fact]
    public async Task ImportedRows_MatchRowsWrittenOneAtATime_InEveryColumn()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 891, TimeSpan.Zero).AddTicks(1234)));
        services.AddCustomerCore(o => o.DefaultRegion = "GB").AddEntityFrameworkStores<CustomerCoreDbContext>(UseDatabase);
        _services = services.BuildServiceProvider();
        using (var setup = _services.CreateScope())
        {
            await setup.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Database.EnsureCreatedAsync(Ct);
        }

        var single = await CreateSingleAsync();
        var imported = await ImportAsync();

        await using var connection = await OpenAsync();
        AssertSameRows(connection, "Customers", "Id", single, imported, compareValues: true, except: ["Id"]);
        AssertSameRows(connection, "CustomerNameTokens", "CustomerId", single, imported, compareValues: true, except: ["CustomerId"]);
        AssertSameRows(connection, "CustomerConsentRecords", "CustomerId", single, imported, compareValues: true, except: ["Id", "CustomerId"]);
        AssertSameRows(connection, "ChangeFeedEntries", "EntityId", single, imported, compareValues: false, except: []);
        AssertSameRows(connection, "AuditEntries", "EntityId", single, imported, compareValues: false, except: []);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task<Guid> CreateSingleAsync()
    {
        using var scope = _services!.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<CustomerService>().CreateAsync(Merchant, new CustomerInput
        {
            FirstName = "Zoë", LastName = "O'Neil", DisplayName = "Zo", CompanyName = "Acme Ltd", Email = "who@example.com",
            Phone = "020 7946 0123", SecondaryPhone = "07911 123470", AddressLine1 = "1 High St", AddressLine2 = "Flat 2", HouseNumber = "1a",
            City = "London", Region = "Greater London", PostalCode = "sw1a 1aa", Country = "GB", CustomerCode = "WHO-1",
            Birthday = new DateOnly(1990, 2, 28), Note = "Likes tea, no sugar", Tags = ["vip", "wholesale"],
            EmailConsent = new ConsentInput(ConsentStatus.OptedIn), SmsConsent = new ConsentInput(ConsentStatus.OptedOut), Source = ConsentSource.Import,
        }, new CreateCustomerOptions { AllowPossibleDuplicates = true }, Ct);
        Assert.True(created.Succeeded, created.ToString());
        return created.Value!.Customer!.Id;
    }

    private async Task<Guid> ImportAsync()
    {
        const string csv = "First Name,Last Name,Display Name,Company,Email,Phone,Secondary Phone,Address Line 1,Address Line 2,House Number,City,Region,Postal Code,Country,Customer Code,Birthday,Note,Tags,Email Marketing,SMS Marketing\n" +
            "Zoë,O'Neil,Zo,Acme Ltd,bulk@example.com,020 7946 0123,07911 123470,1 High St,Flat 2,1a,London,Greater London,sw1a 1aa,GB,BULK-1,1990-02-28,\"Likes tea, no sugar\",\"vip, wholesale\",opted in,opted out\n";
        using var scope = _services!.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<CustomerImporter>().ApplyAsync(
            Merchant, new MemoryStream(Encoding.UTF8.GetBytes(csv)), new CustomerImportOptions { CreatePossibleDuplicates = true }, Ct);
        Assert.True(result.Succeeded, result.ToString());
        var customer = await scope.ServiceProvider.GetRequiredService<CustomerCore.Stores.ICustomerStore>().FindByNormalizedEmailAsync(Merchant, "bulk@example.com", Ct);
        return customer!.Id;
    }

    private void AssertSameRows(DbConnection connection, string table, string keyColumn, Guid single, Guid imported, bool compareValues, string[] except)
    {
        var expected = Rows(connection, table, keyColumn, single);
        var actual = Rows(connection, table, keyColumn, imported);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            foreach (var (column, (type, value)) in expected[i])
            {
                var (actualType, actualValue) = actual[i][column];
                Assert.True(type == actualType || "null" is var absent && (type == absent || actualType == absent), $"{table}.{column}: stored as {actualType} by the import, {type} by SaveChanges ({actualValue} vs {value})");
                if (compareValues && !except.Contains(column))
                {
                    Assert.True(Same(value) == Same(actualValue), $"{table}.{column}: {actualValue} imported, {value} written singly");
                }
            }
        }
    }

    // The two customers differ by design only in the word that tells them apart in email and code.
    private static string Same(string value) =>
        value.Replace("bulk", "who", StringComparison.Ordinal).Replace("BULK", "WHO", StringComparison.Ordinal);

    private List<Dictionary<string, (string Type, string Value)>> Rows(DbConnection connection, string table, string keyColumn, Guid key)
    {
        using var columnsCommand = connection.CreateCommand();
        columnsCommand.CommandText = ColumnsSql(table);
        var columns = new List<string>();
        using (var reader = columnsCommand.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => CellSql(c)).Select(cell => $"{cell.Type}, {cell.Value}"))} FROM \"{table}\" " +
            $"WHERE \"{keyColumn}\" = @key ORDER BY {string.Join(", ", columns.Where(c => c is "Token" or "Channel" or "Sequence").Select(c => $"\"{c}\"").DefaultIfEmpty("1"))}";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@key";
        parameter.Value = KeyValue(key);
        command.Parameters.Add(parameter);
        var rows = new List<Dictionary<string, (string, string)>>();
        using var rowReader = command.ExecuteReader();
        while (rowReader.Read())
        {
            var row = new Dictionary<string, (string, string)>();
            for (var i = 0; i < columns.Count; i++)
            {
                row[columns[i]] = (rowReader.GetString(2 * i), rowReader.IsDBNull(2 * i + 1) ? "NULL" : Convert.ToString(rowReader.GetValue(2 * i + 1), CultureInfo.InvariantCulture) ?? string.Empty);
            }

            rows.Add(row);
        }

        return rows;
    }
}

/// <summary><see cref="BulkRowsTests"/> on a SQLite file: storage class by <c>typeof</c>, value by <c>quote</c>.</summary>
public sealed class SqliteBulkRowsTests : BulkRowsTests
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "customercore-bulk-rows-" + Guid.NewGuid().ToString("N")[..12] + ".db");

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _file }.ToString();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
    }

    protected override void UseDatabase(DbContextOptionsBuilder options) => options.UseSqlite(ConnectionString);

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    protected override string ColumnsSql(string table) => $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";

    protected override (string Type, string Value) CellSql(string column) => ($"typeof(\"{column}\")", $"quote(\"{column}\")");

    protected override object KeyValue(Guid key) => key.ToString().ToUpperInvariant();
}

/// <summary><see cref="BulkRowsTests"/> on the throwaway PostgreSQL server: type by <c>pg_typeof</c>, value as text.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlBulkRowsTests(PostgreSqlServer server) : BulkRowsTests
{
    private string? _connectionString;

    protected override void UseDatabase(DbContextOptionsBuilder options)
    {
        server.Require();
        _connectionString ??= server.DatabaseAsync("bulk_rows").GetAwaiter().GetResult();
        options.UseNpgsql(_connectionString);
    }

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new Npgsql.NpgsqlConnection(_connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    protected override string ColumnsSql(string table) =>
        $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' AND table_schema = current_schema() ORDER BY ordinal_position";

    protected override (string Type, string Value) CellSql(string column) => ($"pg_typeof(\"{column}\")::text", $"\"{column}\"::text");

    protected override object KeyValue(Guid key) => key;
}
