using CustomerCore.Customers;
using CustomerCore.EntityFrameworkCore.Stores;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.EntityFrameworkCore.Tests.Adapter;

/// <summary>
/// A name search of two word prefixes reads a range of the customers' pair keys, in name order
/// (<see cref="CustomerNameIndex"/>), instead of intersecting two word ranges. It must find exactly the customers that
/// have a word starting with each prefix and hand over the first ones in name order, through every write path (single,
/// batch, set-based), after renames, for names with too many words or too long to pair, and for customers written
/// before pair keys existed once the migration step has filled them in.
/// </summary>
public abstract class NameIndexTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string[] Names =
    [
        "Alex Abridge", "Alec Alexander", "Al Abridge", "Alexandra Abbott", "Abridge Alex", "Zoë Ålander", "Øystein Abrahamsen",
        "Mary-Ann O'Brien Abbas", "Rob R2d2 Robertson", "Ana Abe", "Alexander", "Alena Abram",
        // Ten words of ten different prefixes: too many to pair.
        "Aaron Bertram Cedric Dominic Edgar Felix Gordon Horace Ignatius Jasper",
        // Two words of a hundred letters: too long a name for a pair key.
        "Zed" + new string('q', 97) + " Ale" + new string('x', 96),
        "Alexis Abrams", "Alexis Abramson", "Aleksander Abrahams",
    ];

    private static readonly string[][] Queries =
    [
        ["ale", "abr"], ["abr", "ale"], ["alex", "abri"], ["alex", "alec"], ["ale", "ale"], ["ale", "alex"], ["al", "abr"],
        ["zoe", "ala"], ["oys", "abr"], ["mar", "bri"], ["ann", "abb"], ["rob", "r2d"], ["ana", "abe"], ["aar", "jas"],
        ["ced", "hor", "fel"], ["ale", "abr", "x"], ["ale", "zzz"], ["abb", "ale"], ["alexander", "alec"], ["zed", "ale"],
        ["zedq", "alex"],
    ];

    private readonly MerchantId _merchant = new("m-names-" + Guid.NewGuid().ToString("N")[..8]);

    protected abstract Task<string> DatabaseAsync(string name);

    protected abstract void UseDatabase(DbContextOptionsBuilder options, string connectionString);

    protected abstract Task EnsureCreatedAsync(string name, DbContext context);

    protected abstract string MigrationProvider { get; }

    [Fact]
    public async Task ASearch_FindsExactlyTheCustomersWithAWordStartingWithEachPrefix_ThroughEveryWritePath()
    {
        await using var container = await ContainerAsync();
        var customers = await SeedAsync(container);

        await AssertSearchesMatchTheWordsAsync(container, customers);
    }

    [Fact]
    public async Task ARename_RewritesTheKeys_SingleAndInABatch()
    {
        await using var container = await ContainerAsync();
        var customers = await SeedAsync(container);
        var single = customers[Array.IndexOf(Names, "Alex Abridge")];
        var batched = customers[Array.IndexOf(Names, "Alexandra Abbott")];

        await using (var scope = container.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ICustomerStore>();
            Assert.Equal(StoreWriteOutcome.Success, await store.UpdateAsync(Renamed(single, "Bertha", "Carter"), single.Version - 1, Cancel));
            var result = await store.WriteBatchAsync([new CustomerWrite(Renamed(batched, "Alexandra", "Brook Carter"), batched.Version - 1)], Cancel);
            Assert.Equal(StoreWriteOutcome.Success, result.Outcome);
        }

        Assert.Equal(CustomerNameIndex.KeysFor(single.NameTokens).Order(StringComparer.Ordinal), await KeysOfAsync(container, single.Id));
        Assert.Equal(CustomerNameIndex.KeysFor(batched.NameTokens).Order(StringComparer.Ordinal), await KeysOfAsync(container, batched.Id));
        await AssertSearchesMatchTheWordsAsync(container, customers, ["ber", "car"], ["ale", "bro"], ["car", "bro"]);
    }

    [Fact]
    public async Task CustomersWrittenWithoutPairKeys_AreFoundOnceTheMigrationStepRan_AndARenameRepairsTheirKeys()
    {
        await using var container = await ContainerAsync();
        var customers = await SeedAsync(container);
        var expected = customers.ToDictionary(c => c.Id, c => CustomerNameIndex.KeysFor(c.NameTokens).Order(StringComparer.Ordinal).ToList());

        // As an adapter from before pair keys left them: name words only.
        await ExecuteAsync(container, $"DELETE FROM {TokenTable(container)} WHERE substr(\"Token\", 1, 1) = ' '");
        var abridge = customers[Array.IndexOf(Names, "Alex Abridge")];
        Assert.DoesNotContain(abridge.Id, await SearchAsync(container, ["ale", "abr"]));

        // A rename of such a customer writes the keys it lacks instead of failing on the ones it never had.
        var ana = customers[Array.IndexOf(Names, "Ana Abe")];
        await using (var scope = container.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ICustomerStore>();
            Assert.Equal(StoreWriteOutcome.Success, await store.UpdateAsync(Renamed(ana, "Anabel", "Abernathy"), ana.Version - 1, Cancel));
        }

        expected[ana.Id] = CustomerNameIndex.KeysFor(ana.NameTokens).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected[ana.Id], await KeysOfAsync(container, ana.Id));

        // The migration step writes exactly the keys the adapter writes, and a second run adds nothing.
        for (var run = 0; run < 2; run++)
        {
            await ExecuteAsync(container, MigrationSql(b => b.AddCustomerNamePairKeys()));
            foreach (var customer in customers)
            {
                Assert.Equal(expected[customer.Id], await KeysOfAsync(container, customer.Id));
            }
        }

        await AssertSearchesMatchTheWordsAsync(container, customers);

        await ExecuteAsync(container, MigrationSql(b => b.DropCustomerNamePairKeys()));
        Assert.Equal(abridge.NameTokens.Order(StringComparer.Ordinal), await KeysOfAsync(container, abridge.Id));
    }

    [Fact]
    public void TheMigrationStep_NamesThePrefixedTable_AndRefusesOtherDatabases()
    {
        var sql = MigrationSql(b => b.AddCustomerNamePairKeys(o =>
        {
            o.TablePrefix = "cc_";
            o.Schema = "shop";
        }));
        Assert.Contains(MigrationProvider.Contains("Npgsql", StringComparison.Ordinal) ? "\"shop\".\"cc_CustomerNameTokens\"" : " \"cc_CustomerNameTokens\"", sql, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => new MigrationBuilder("Microsoft.EntityFrameworkCore.SqlServer").AddCustomerNamePairKeys());
    }

    [Fact]
    public void Keys_PairTheFirstThreeLettersOfEveryTwoWords_ThenTheName_AndMarkNamesTooLongToPair()
    {
        Assert.Equal(["alex", "abridge", " abr ale alex abridge"], CustomerNameIndex.KeysFor(["alex", "abridge"]));
        Assert.Equal(["alec", "alexander", " ale ale alec alexander"], CustomerNameIndex.KeysFor(["alec", "alexander"]));
        Assert.Equal(["al", "o", "brien"], CustomerNameIndex.KeysFor(["al", "o", "brien"]));
        Assert.Equal(["alexander"], CustomerNameIndex.KeysFor(["alexander"]));
        Assert.Equal(
            ["ann", "bob", "cid", " ann bob ann bob", " ann cid ann bob", " bob cid ann bob"],
            CustomerNameIndex.KeysFor(["ann", "bob", "cid"]));
        Assert.Equal(
            [.. Enumerable.Range(0, 9).Select(i => $"w{i}xx"), CustomerNameIndex.ManyWordsKey],
            CustomerNameIndex.KeysFor([.. Enumerable.Range(0, 9).Select(i => $"w{i}xx")]));

        // A key must fit the column: a name that would not is looked up the slow way, never cut (which would misorder it).
        var longWord = new string('x', 190);
        Assert.Equal(["abc", longWord, CustomerNameIndex.ManyWordsKey], CustomerNameIndex.KeysFor(["abc", longWord]));
        var fits = new string('x', 200 - CustomerNameIndex.PairPartLength - 4);
        Assert.Equal(200, Assert.Single(CustomerNameIndex.KeysFor(["abc", fits]), k => k.StartsWith(' ')).Length);

        Assert.Equal((" abr ale ", " abr ale!"), (CustomerNameIndex.PairRangeFor(["alex", "abri"])!.From, CustomerNameIndex.PairRangeFor(["alex", "abri"])!.To));
        Assert.Equal(["alex", "abri"], CustomerNameIndex.PairRangeFor(["alex", "abri"])!.Checks);
        Assert.Empty(CustomerNameIndex.PairRangeFor(["ale", "abr"])!.Checks);
        Assert.Equal(" ale ale ", CustomerNameIndex.PairRangeFor(["alex", "alec"])!.From);
        Assert.Null(CustomerNameIndex.PairRangeFor(["ale", "alex"]));
        Assert.Null(CustomerNameIndex.PairRangeFor(["al", "abr"]));
        Assert.Equal(" abr ced ", CustomerNameIndex.PairRangeFor(["al", "abr", "ced"])!.From);
        Assert.Equal(["al", "abr", "ced"], CustomerNameIndex.PairRangeFor(["al", "abr", "ced"])!.Checks);
    }

    private string MigrationSql(Action<MigrationBuilder> step)
    {
        var builder = new MigrationBuilder(MigrationProvider);
        step(builder);
        return Assert.IsType<SqlOperation>(Assert.Single(builder.Operations)).Sql;
    }

    private async Task<ServiceProvider> ContainerAsync()
    {
        var connectionString = await DatabaseAsync("name-index");
        var services = new ServiceCollection();
        services.AddCustomerCore(o => o.DefaultRegion = "GB").AddEntityFrameworkStores<CustomerCoreDbContext>(o => UseDatabase(o, connectionString));
        var container = services.BuildServiceProvider();
        await using var scope = container.CreateAsyncScope();
        await EnsureCreatedAsync("name-index", scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>());
        return container;
    }

    /// <summary>The names written three ways: one at a time, as updates of a batch, and as new rows of a set-based batch.</summary>
    private async Task<List<Customer>> SeedAsync(ServiceProvider container)
    {
        var customers = Names.Select((name, i) => NewCustomer(name, i)).ToList();
        await using var scope = container.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ICustomerStore>();
        var third = customers.Count / 3;
        foreach (var customer in customers.Take(third))
        {
            Assert.Equal(StoreWriteOutcome.Success, await store.CreateAsync(customer, Cancel));
        }

        Assert.Equal(StoreWriteOutcome.Success, (await store.WriteBatchAsync([.. customers.Skip(third).Select(c => new CustomerWrite(c, null))], Cancel)).Outcome);

        // The first third again as batch updates that change their names' words.
        var renames = customers.Take(third).Select(c => new CustomerWrite(Renamed(c, c.FirstName, c.LastName + " Jr"), c.Version - 1)).ToList();
        Assert.Equal(StoreWriteOutcome.Success, (await store.WriteBatchAsync(renames, Cancel)).Outcome);
        return customers;
    }

    private Customer NewCustomer(string name, int i)
    {
        var words = name.Split(' ', 2);
        var customer = new Customer
        {
            Id = Guid.CreateVersion7(),
            MerchantId = _merchant,
            FirstName = words[0],
            LastName = words.Length > 1 ? words[1] : null,
            Email = $"n{i}@example.com",
            NormalizedEmail = $"n{i}@example.com",
            Version = 1,
        };
        customer.NameTokens = TextNormalizer.NameTokens(customer.FirstName, customer.LastName);
        return customer;
    }

    /// <summary>Changes <paramref name="customer"/> in place to the new names and the next version, and returns it.</summary>
    private static Customer Renamed(Customer customer, string? firstName, string? lastName)
    {
        customer.FirstName = firstName;
        customer.LastName = lastName;
        customer.NameTokens = TextNormalizer.NameTokens(firstName, lastName);
        customer.Version++;
        return customer;
    }

    private async Task AssertSearchesMatchTheWordsAsync(ServiceProvider container, List<Customer> customers, params string[][] more)
    {
        var found = 0;
        foreach (var query in Queries.Concat(more))
        {
            var expected = customers
                .Where(c => query.All(prefix => c.NameTokens.Any(word => word.StartsWith(prefix, StringComparison.Ordinal))))
                .Select(c => c.Id)
                .Order()
                .ToList();
            Assert.True(expected.SequenceEqual(await SearchAsync(container, query)), $"[{string.Join(", ", query)}]");
            found += expected.Count;

            // A page of two: the store's lookups must hand over the first two in name order (no visits here), whatever they
            // leave out.
            var firstTwo = customers.Where(c => expected.Contains(c.Id)).OrderBy(c => c, NameOrder).Take(2).Select(c => c.Id).ToList();
            Assert.True(firstTwo.SequenceEqual(await FirstByNameAsync(container, query, 2)), $"first two of [{string.Join(", ", query)}]");
        }

        Assert.True(found > Queries.Length);
    }

    /// <summary>The ids found by the store's name lookup, by the prepared till search and by the LINQ till search, which
    /// must agree.</summary>
    private async Task<List<Guid>> SearchAsync(ServiceProvider container, string[] prefixes)
    {
        await using var scope = container.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ICustomerStore>();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        var keys = new TillSearchKeys(null, null, null, null, null, null, prefixes, 50);
        var byName = (await store.FindByNameTokensAsync(_merchant, prefixes, 50, Cancel)).Select(c => c.Id).Order().ToList();
        var prepared = (await ((ICustomerTillSearchStore)store).FindForTillAsync(_merchant, keys, Cancel)).Select(h => h.Customer.Id).Order().ToList();
        await using var transaction = await context.Database.BeginTransactionAsync(Cancel);
        var linq = (await ((ICustomerTillSearchStore)store).FindForTillAsync(_merchant, keys, Cancel)).Select(h => h.Customer.Id).Order().ToList();
        Assert.Equal(byName, prepared);
        Assert.Equal(byName, linq);
        return byName;
    }

    private static readonly Comparer<Customer> NameOrder = Comparer<Customer>.Create((a, b) =>
    {
        static string Word(Customer c, int i) => c.NameTokens.Count > i ? c.NameTokens[i] : string.Empty;
        var byWord = string.CompareOrdinal(Word(a, 0), Word(b, 0));
        byWord = byWord != 0 ? byWord : string.CompareOrdinal(Word(a, 1), Word(b, 1));
        return byWord != 0 ? byWord : a.Id.CompareTo(b.Id);
    });

    /// <summary>The first <paramref name="take"/> customers in name order among the till search's hits with that limit,
    /// by the prepared statement and by the LINQ statement, which must agree.</summary>
    private async Task<List<Guid>> FirstByNameAsync(ServiceProvider container, string[] prefixes, int take)
    {
        await using var scope = container.CreateAsyncScope();
        var store = (ICustomerTillSearchStore)scope.ServiceProvider.GetRequiredService<ICustomerStore>();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        var keys = new TillSearchKeys(null, null, null, null, null, null, prefixes, take);
        var prepared = (await store.FindForTillAsync(_merchant, keys, Cancel)).Select(h => h.Customer).Order(NameOrder).Take(take).Select(c => c.Id).ToList();
        await using var transaction = await context.Database.BeginTransactionAsync(Cancel);
        var linq = (await store.FindForTillAsync(_merchant, keys, Cancel)).Select(h => h.Customer).Order(NameOrder).Take(take).Select(c => c.Id).ToList();
        Assert.Equal(prepared, linq);
        return prepared;
    }

    private async Task<List<string>> KeysOfAsync(ServiceProvider container, Guid customerId)
    {
        await using var scope = container.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        var keys = await context.Set<CustomerNameToken>().Where(t => t.MerchantId == _merchant && t.CustomerId == customerId).Select(t => t.Token).ToListAsync(Cancel);
        return keys.Order(StringComparer.Ordinal).ToList();
    }

    private static string TokenTable(ServiceProvider container)
    {
        using var scope = container.CreateScope();
        var entity = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Model.FindEntityType(typeof(CustomerNameToken))!;
        return $"\"{entity.GetTableName()}\"";
    }

    private static async Task ExecuteAsync(ServiceProvider container, string sql)
    {
        await using var scope = container.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Database.ExecuteSqlRawAsync(sql, Cancel);
    }
}

public sealed class SqliteNameIndexTests(SqliteTestDatabases databases) : NameIndexTests
{
    protected override string MigrationProvider => "Microsoft.EntityFrameworkCore.Sqlite";

    protected override Task<string> DatabaseAsync(string name) => Task.FromResult(databases.ConnectionString(name));

    protected override void UseDatabase(DbContextOptionsBuilder options, string connectionString) => options.UseSqlite(connectionString);

    protected override Task EnsureCreatedAsync(string name, DbContext context) => databases.EnsureCreatedAsync(name, context);
}

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlNameIndexTests(PostgreSqlServer server) : NameIndexTests, IAsyncLifetime
{
    protected override string MigrationProvider => "Npgsql.EntityFrameworkCore.PostgreSQL";

    public ValueTask InitializeAsync()
    {
        server.Require();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected override Task<string> DatabaseAsync(string name) => server.DatabaseAsync(name);

    protected override void UseDatabase(DbContextOptionsBuilder options, string connectionString) => options.UseNpgsql(connectionString);

    protected override Task EnsureCreatedAsync(string name, DbContext context) => server.EnsureCreatedAsync(name, context);
}
