using System.Text;
using CustomerCore.Customers;
using CustomerCore.DependencyInjection;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Importing;
using CustomerCore.Privacy;
using CustomerCore.Specification.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.EntityFrameworkCore.Tests.Privacy;

/// <summary>
/// After an erasure no personal value of the customer may be readable anywhere in the SQLite files: not in the
/// database file's free space, not in page images left in the write-ahead log. The host keeps running (pooled
/// connections stay open), as a till's would; the files are read byte by byte while it does.
/// </summary>
public sealed class SqliteErasureOnDiskTests(SqliteTestDatabases databases) : CustomerCoreSpecificationTestBase
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // A file per test, so the bytes found can only come from this test's customers.
    private readonly string _name = "erasure-" + Guid.NewGuid().ToString("N")[..12];

    // Set by the test before the container creates the schema.
    private string _journalMode = "wal";

    protected override void AddStores(CustomerCoreBuilder builder) =>
        builder.AddEntityFrameworkStores<CustomerCoreDbContext>(o => o.UseSqlite(databases.ConnectionString(_name)));

    // The schema is created by the test itself, once it knows the journal mode.
    protected override Task InitializeStoresAsync(IServiceProvider services) => Task.CompletedTask;

    private string DatabaseFile => new SqliteConnectionStringBuilder(databases.ConnectionString(_name)).DataSource;

    [Theory]
    [InlineData("wal")] // What EF Core's EnsureCreated and migrations choose for a new SQLite file (the CLI's and the bench's case).
    [InlineData("delete")] // SQLite's own default: a rollback journal, deleted at commit.
    public async Task EraseAsync_LeavesNoPersonalValueInTheDatabaseFiles(string journalMode)
    {
        _journalMode = journalMode;
        await CreateDatabaseAsync();
        var customers = Resolve<CustomerService>();

        var bystander = await CreateAsync(customers, Person("Bystander", "Ottoline", "Brackenridge", "07700 900127", "07700 900128", "Pellucid", "Hartwell"));
        var customer = await CreateAsync(customers, Person("Erased", "Quimbelda", "Zanzibarova", "07700 900461", "07700 900471", "Frobnitz", "Glimmerbury"));

        // Older versions of the row and of its indexes and name tokens are freed by each update.
        for (var version = 2; version <= 3; version++)
        {
            var updated = await customers.UpdateAsync(Merchant, customer.Id, customer.Version,
                Person("Erased", $"Quimbelda{version}", $"Zanzibarova{version}", $"07700 90046{version}", $"07700 90047{version}", $"Frobnitz{version}", $"Glimmerbury{version}"),
                Token);
            Assert.True(updated.Succeeded, updated.ToString());
            customer = updated.Value!;
        }

        // An import that changes the customer keeps a before-image; a merge keeps both customers' before-images.
        var imported = await Resolve<CustomerImporter>().ApplyAsync(Merchant,
            new MemoryStream(Encoding.UTF8.GetBytes($"Email,City,Note\n{customer.Email},Glimmerbury-import,velvetimport hamper\n")), cancellationToken: Token);
        Assert.True(imported.Succeeded, imported.ToString());
        Assert.Equal(1, imported.Value!.Updated);
        // The duplicate has words of its own, not searched for below: erasure leaves the change-feed snapshots of a
        // customer merged into the erased one as they were (core redacts the feed by the erased customer's id only),
        // which is a gap in what erasure covers, not in how the files are cleaned.
        var duplicate = await CreateAsync(customers, Person("Duplicate", "Quillon", "Marwickstead", "07700 900481", "07700 900491", "Tessaract", "Dunmorrow"));
        customer = (await customers.GetAsync(Merchant, customer.Id, Token)).Value!;
        var merged = await customers.MergeAsync(Merchant, new MergeRequest { KeepId = customer.Id, KeepVersion = customer.Version, RemoveId = duplicate.Id, RemoveVersion = duplicate.Version }, Token);
        Assert.True(merged.Succeeded, merged.ToString());
        customer = (await customers.GetAsync(Merchant, customer.Id, Token)).Value!;

        var erased = await Resolve<CustomerPrivacyService>().EraseAsync(Merchant, customer.Id, customer.Version, Token);
        Assert.True(erased.Succeeded, erased.ToString());

        var files = ReadDatabaseFiles();
        // Proves the search finds what is there: the bystander's values, stored the same ways, are all still present.
        foreach (var value in new[] { "Ottoline", "Brackenridge", "900127", "900128", "Pellucid", "Hartwell", "SW1A 2AA", bystander.Email!.ToLowerInvariant() })
        {
            Assert.True(files.Contains(value), $"The bystander's '{value}' should still be in the files.");
        }

        // Roots shared by every version, so one search covers the original, the updates, the import and the merge's before-image.
        var leftovers = ErasedForms("Quimbelda", "Zanzibarova", "90046", "90047", "Frobnitz", "Glimmerbury", "ZX9 8QJ", "ZX98QJ")
            .Where(files.Contains)
            .ToList();
        Assert.True(leftovers.Count == 0, $"Erased values still readable in the {journalMode} database files: {string.Join(", ", leftovers)} ({files.Describe()})");
        Assert.Equal(bystander.Id, (await customers.GetAsync(Merchant, bystander.Id, Token)).Value!.Id);
    }

    private async Task CreateDatabaseAsync()
    {
        if (_journalMode == "delete")
        {
            // EnsureCreated only switches a file it creates to WAL; a file that exists without tables keeps SQLite's default.
            await using var connection = new SqliteConnection(databases.ConnectionString(_name) + ";Pooling=False");
            await connection.OpenAsync(Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = DELETE;";
            await command.ExecuteNonQueryAsync(Token);
        }

        await using (var scope = Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
            await context.Database.EnsureCreatedAsync(Token);
            var mode = await context.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync(Token);
            Assert.Equal(_journalMode, mode);
        }
    }

    /// <summary>Every field a person fills in, each holding one of the given distinctive words.</summary>
    private static CustomerInput Person(string role, string first, string last, string phone, string secondPhone, string company, string city) => new()
    {
        FirstName = first,
        LastName = last,
        CompanyName = company + " Widgets",
        Email = $"{first}.{last}@{company}.example",
        Phone = phone,
        SecondaryPhone = secondPhone,
        AddressLine1 = $"17 {last} Crescent",
        AddressLine2 = $"{company} Yard",
        HouseNumber = $"{first} House",
        City = city,
        Region = city + "shire",
        PostalCode = role switch { "Bystander" => "SW1A 2AA", "Duplicate" => "YO1 7HH", _ => "ZX9 8QJ" },
        Country = "GB",
        CustomerCode = $"{last}-{role}",
        Birthday = new DateOnly(1983, 7, 14),
        Note = $"{first} prefers the {company} hamper",
        Tags = [$"{city}tag"],
    };

    /// <summary>The forms a value may be stored in: as typed, and lower-cased (normalised emails, search tokens).</summary>
    private static IEnumerable<string> ErasedForms(params string[] values) => values.SelectMany(v => new[] { v, v.ToLowerInvariant() }).Distinct();

    private async Task<Customer> CreateAsync(CustomerService customers, CustomerInput input)
    {
        var created = await customers.CreateAsync(Merchant, input, new CreateCustomerOptions { AllowPossibleDuplicates = true }, Token);
        Assert.True(created.Succeeded, created.ToString());
        return created.Value!.Customer!;
    }

    private DatabaseFiles ReadDatabaseFiles()
    {
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var suffix in new[] { "", "-wal", "-journal", "-shm" })
        {
            var path = DatabaseFile + suffix;
            if (File.Exists(path))
            {
                // The host still has the database open, so the files are shared for reading and writing.
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                contents[Path.GetFileName(path)] = copy.ToArray();
            }
        }

        return new DatabaseFiles(contents);
    }

    private sealed class DatabaseFiles(Dictionary<string, byte[]> contents)
    {
        public bool Contains(string value)
        {
            var needle = Encoding.UTF8.GetBytes(value);
            return contents.Values.Any(bytes => bytes.AsSpan().IndexOf(needle) >= 0);
        }

        public string Describe() => string.Join(", ", contents.Select(c => $"{c.Key}: {c.Value.Length} bytes"));
    }
}
