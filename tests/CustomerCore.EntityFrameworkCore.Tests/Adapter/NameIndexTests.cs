using CustomerCore.Customers;
using CustomerCore.EntityFrameworkCore.Stores;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Stores;
using CustomerCore.Tickets;
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
        // One word: three letters read the visit keys; more are checked on them or ranked from their own word range.
        ["ale"], ["abr"], ["alex"], ["alexander"], ["zed"], ["zedq"], ["aar"], ["jas"], ["r2d"], ["oys"], ["ab"], ["a"], ["xyz"],
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

        // As an adapter from before pair and visit keys left them: name words only.
        await ExecuteAsync(container, $"DELETE FROM {TokenTable(container)} WHERE substr(\"Token\", 1, 1) = ' '");
        var abridge = customers[Array.IndexOf(Names, "Alex Abridge")];
        Assert.DoesNotContain(abridge.Id, await SearchAsync(container, ["ale", "abr"], compare: false));
        Assert.DoesNotContain(abridge.Id, await SearchAsync(container, ["abr"], compare: false));

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
            await ExecuteAsync(container, MigrationSql(b => b.AddCustomerNameVisitKeys()));
            foreach (var customer in customers)
            {
                Assert.Equal(expected[customer.Id], await KeysOfAsync(container, customer.Id));
            }
        }

        await AssertSearchesMatchTheWordsAsync(container, customers);

        await ExecuteAsync(container, MigrationSql(b => b.DropCustomerNameVisitKeys()));
        Assert.Equal(expected[abridge.Id].Where(k => !CustomerNameIndex.IsVisitKey(k)), await KeysOfAsync(container, abridge.Id));
        await ExecuteAsync(container, MigrationSql(b => b.DropCustomerNamePairKeys()));
        Assert.Equal(abridge.NameTokens.Order(StringComparer.Ordinal), await KeysOfAsync(container, abridge.Id));
    }

    [Fact]
    public async Task VisitKeys_FollowEveryTicketChangeAndRename_SoAOneWordSearchListsTheLatestVisitFirst()
    {
        await using var container = await ContainerAsync();
        var customers = await SeedAsync(container);
        Customer Named(string name) => customers[Array.IndexOf(Names, name)];
        var tickets = new Dictionary<Guid, TicketLink>();
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

        async Task CreateAsync(string reference, Customer customer, TicketStatus status, int hour)
        {
            var link = Ticket(reference, customer.Id, status, start.AddHours(hour));
            await using var scope = container.CreateAsyncScope();
            Assert.Equal(StoreWriteOutcome.Success, await scope.ServiceProvider.GetRequiredService<ITicketLinkStore>().CreateAsync(link, Cancel));
            tickets[link.Id] = link;
        }

        async Task UpdateAsync(string reference, Action<TicketLink> change)
        {
            var link = tickets.Values.Single(t => t.TicketReference == reference).Clone();
            change(link);
            link.Version++;
            await using var scope = container.CreateAsyncScope();
            Assert.Equal(StoreWriteOutcome.Success, await scope.ServiceProvider.GetRequiredService<ITicketLinkStore>().UpdateAsync(link, link.Version - 1, Cancel));
            tickets[link.Id] = link;
        }

        // After every step each customer's keys are the ones KeysFor gives with its latest visit as the test counts it,
        // and the first three of a one-word search in till order are the same by the prepared and the LINQ statement.
        async Task AssertVisitsAsync(string step)
        {
            foreach (var customer in customers)
            {
                var visit = tickets.Values.Where(t => t.CustomerId == customer.Id && t.IsVisit).Select(t => (long?)t.SortTime.UtcTicks).Max();
                var expected = KeysWithVisit(customer, visit);
                Assert.True(expected.SequenceEqual(await KeysOfAsync(container, customer.Id)), $"{step}: keys of {string.Join(' ', customer.NameTokens)}");
            }

            foreach (var word in new[] { "ale", "abr", "alex", "zed", "al" })
            {
                var (prepared, linq) = await FirstInTillOrderAsync(container, [word], 3);
                Assert.True(prepared.SequenceEqual(linq), $"{step}: first three of '{word}'");
            }
        }

        await CreateAsync("T1", Named("Alex Abridge"), TicketStatus.Completed, 1);
        await AssertVisitsAsync("completed ticket");
        await CreateAsync("T2", Named("Alec Alexander"), TicketStatus.Open, 2);
        await CreateAsync("T3", Named("Alexis Abrams"), TicketStatus.PartiallyRefunded, 3);
        await AssertVisitsAsync("open and partly refunded tickets");
        var (first, _) = await FirstInTillOrderAsync(container, ["ale"], 3);
        Assert.Equal([Named("Alexis Abrams").Id, Named("Alex Abridge").Id], first.Take(2));

        await UpdateAsync("T2", t => (t.Status, t.CompletedAt) = (TicketStatus.Completed, start.AddHours(4)));
        await AssertVisitsAsync("ticket completed later");
        await UpdateAsync("T1", t => t.CustomerId = Named("Alexandra Abbott").Id);
        await AssertVisitsAsync("ticket moved to another customer");
        await UpdateAsync("T3", t => t.Status = TicketStatus.Refunded);
        await AssertVisitsAsync("ticket refunded");
        await UpdateAsync("T2", t => t.CustomerId = null);
        await AssertVisitsAsync("ticket detached");
        await CreateAsync("T4", customers[12], TicketStatus.Completed, 5);
        await CreateAsync("T5", Named("Zoë Ålander"), TicketStatus.Completed, 6);
        await AssertVisitsAsync("customers with too many words and with one word visit");

        // A rename keeps the customer's latest visit in its new keys, single and in a batch.
        await using (var scope = container.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ICustomerStore>();
            var abbott = Named("Alexandra Abbott");
            Assert.Equal(StoreWriteOutcome.Success, await store.UpdateAsync(Renamed(abbott, "Alexandra", "Brook"), abbott.Version - 1, Cancel));
            var zoe = Named("Zoë Ålander");
            Assert.Equal(StoreWriteOutcome.Success, (await store.WriteBatchAsync([new CustomerWrite(Renamed(zoe, "Zoe", "Alexa"), zoe.Version - 1)], Cancel)).Outcome);
        }

        await AssertVisitsAsync("renamed");
    }

    [Fact]
    public async Task ALongerOneWordPrefix_CommonOrRare_GivesTheSameFirstPageAsTheLinqStatement()
    {
        await using var container = await ContainerAsync();
        var customers = await SeedAsync(container);

        // More customers with a word starting "alexi" than the prepared statement ranks from the word range itself.
        var many = Enumerable.Range(0, 520).Select(i => NewCustomer($"Alexis{i:D3} Broad", 100 + i)).ToList();
        await using (var scope = container.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ICustomerStore>();
            Assert.Equal(StoreWriteOutcome.Success, (await store.WriteBatchAsync([.. many.Select(c => new CustomerWrite(c, null))], Cancel)).Outcome);
        }

        foreach (var word in new[] { "alexi", "alexis", "alexis51", "alexa", "alexander", "abri" })
        {
            var (prepared, linq) = await FirstInTillOrderAsync(container, [word], 5);
            Assert.True(prepared.SequenceEqual(linq), $"first five of '{word}'");
            var expected = customers.Concat(many).Where(c => c.NameTokens.Any(w => w.StartsWith(word, StringComparison.Ordinal))).Order(NameOrder).Take(5).Select(c => c.Id);
            Assert.True(expected.SequenceEqual(prepared), $"first five of '{word}' by name");
        }
    }

    [Fact]
    public async Task ASaleWhileARenameIsUncommitted_WaitsForIt_AndLeavesTheNewNamesKeysWithTheVisit()
    {
        await using var container = await ContainerAsync();
        var customers = await SeedAsync(container);
        var alex = customers[Array.IndexOf(Names, "Alex Abridge")];
        var completed = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

        await using var renameScope = container.CreateAsyncScope();
        await using var renaming = await renameScope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Database.BeginTransactionAsync(Cancel);
        Assert.Equal(StoreWriteOutcome.Success, await renameScope.ServiceProvider.GetRequiredService<ICustomerStore>().UpdateAsync(Renamed(alex, "Bertha", "Carter"), alex.Version - 1, Cancel));

        // Another till completes a sale for the same customer before the rename commits. Its visit keys are computed from
        // the customer's names, so it must wait for the rename (PostgreSQL: the customer's row lock; SQLite: the write
        // lock) and then write the new names' keys; reading the old names would leave "alex abridge" keys behind.
        var sale = Task.Run(async () =>
        {
            await using var scope = container.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ITicketLinkStore>()
                .CreateAsync(Ticket("during-rename", alex.Id, TicketStatus.Completed, completed), Cancel);
        }, Cancel);
        await Task.WhenAny(sale, Task.Delay(TimeSpan.FromMilliseconds(500), Cancel));
        Assert.False(sale.IsCompleted, "the sale did not wait for the uncommitted rename");

        await renaming.CommitAsync(Cancel);
        Assert.Equal(StoreWriteOutcome.Success, await sale);

        var expected = KeysWithVisit(alex, completed.UtcTicks);
        Assert.Equal(expected, await KeysOfAsync(container, alex.Id));
    }

    [Fact]
    public async Task ABatchRenamingHundredsOfCustomers_RewritesEveryVisitKey_KeepingTheirVisits()
    {
        await using var container = await ContainerAsync();
        var customers = Enumerable.Range(0, 1_100).Select(i => NewCustomer($"Carla{i:D4} Nash", i)).ToList();
        var visited = new[] { customers[0], customers[600], customers[^1] };
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        await using (var scope = container.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ICustomerStore>();
            Assert.Equal(StoreWriteOutcome.Success, (await store.WriteBatchAsync([.. customers.Select(c => new CustomerWrite(c, null))], Cancel)).Outcome);
            var tickets = scope.ServiceProvider.GetRequiredService<ITicketLinkStore>();
            for (var i = 0; i < visited.Length; i++)
            {
                Assert.Equal(StoreWriteOutcome.Success, await tickets.CreateAsync(Ticket($"V{i}", visited[i].Id, TicketStatus.Completed, start.AddHours(i)), Cancel));
            }

            // Every customer renamed in one batch: the visit keys of more customers than one statement refreshes.
            var renames = customers.Select(c => new CustomerWrite(Renamed(c, "Bruna", c.FirstName), c.Version - 1)).ToList();
            Assert.Equal(StoreWriteOutcome.Success, (await store.WriteBatchAsync(renames, Cancel)).Outcome);
        }

        foreach (var customer in customers)
        {
            var visit = Array.IndexOf(visited, customer) is var i and >= 0 ? start.AddHours(i).UtcTicks : (long?)null;
            var expected = KeysWithVisit(customer, visit);
            Assert.True(expected.SequenceEqual(await KeysOfAsync(container, customer.Id)), string.Join(' ', customer.NameTokens));
        }

        var (prepared, linq) = await FirstInTillOrderAsync(container, ["bru"], 4);
        Assert.Equal([visited[2].Id, visited[1].Id, visited[0].Id], prepared.Take(3));
        Assert.Equal(linq, prepared);
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
        static string Never(string prefix, string name) => $" {prefix}#n {name}";
        Assert.Equal(["alex", "abridge", " abr ale alex abridge", Never("abr", "alex abridge"), Never("ale", "alex abridge")], CustomerNameIndex.KeysFor(["alex", "abridge"]));
        Assert.Equal(["alec", "alexander", " ale ale alec alexander", Never("ale", "alec alexander")], CustomerNameIndex.KeysFor(["alec", "alexander"]));
        Assert.Equal(["al", "o", "brien", Never("bri", "al o")], CustomerNameIndex.KeysFor(["al", "o", "brien"]));
        Assert.Equal(["al", "o"], CustomerNameIndex.KeysFor(["al", "o"]));
        Assert.Equal(["alexander", Never("ale", "alexander ")], CustomerNameIndex.KeysFor(["alexander"]));
        Assert.Equal(
            ["ann", "bob", "cid", " ann bob ann bob", " ann cid ann bob", " bob cid ann bob", Never("ann", "ann bob"), Never("bob", "ann bob"), Never("cid", "ann bob")],
            CustomerNameIndex.KeysFor(["ann", "bob", "cid"]));
        Assert.Equal(
            [.. Enumerable.Range(0, 9).Select(i => $"w{i}xx"), CustomerNameIndex.ManyWordsKey],
            CustomerNameIndex.KeysFor([.. Enumerable.Range(0, 9).Select(i => $"w{i}xx")]));

        // A key must fit the column: a name that would not is looked up the slow way, never cut (which would misorder it).
        var longWord = new string('x', 190);
        Assert.Equal(["abc", longWord, CustomerNameIndex.ManyWordsKey], CustomerNameIndex.KeysFor(["abc", longWord]));
        Assert.Equal([longWord, CustomerNameIndex.ManyWordsKey], CustomerNameIndex.KeysFor([longWord]));
        var fits = new string('x', 200 - CustomerNameIndex.VisitPartLength - 4);
        Assert.DoesNotContain(CustomerNameIndex.ManyWordsKey, CustomerNameIndex.KeysFor(["abc", fits]));
        Assert.Equal(200, CustomerNameIndex.VisitKey("abc", 0, "abc " + fits).Length);
        Assert.Contains(CustomerNameIndex.ManyWordsKey, CustomerNameIndex.KeysFor(["abc", fits + "x"]));

        // Later visits sort first, never visited last.
        string[] ranked = [CustomerNameIndex.VisitKey("abc", 5, "b"), CustomerNameIndex.VisitKey("abc", null, "a"), CustomerNameIndex.VisitKey("abc", 639_000_000_000_000_000, "z")];
        Assert.Equal([ranked[2], ranked[0], ranked[1]], ranked.Order(StringComparer.Ordinal));
        Assert.True(ranked.All(CustomerNameIndex.IsVisitKey));
        Assert.Equal((" abc#", " abc$"), CustomerNameIndex.VisitRangeFor("abcd"));
        Assert.Null(CustomerNameIndex.VisitRangeFor("ab"));

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
    private async Task<List<Guid>> SearchAsync(ServiceProvider container, string[] prefixes, bool compare = true)
    {
        await using var scope = container.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ICustomerStore>();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        var keys = new TillSearchKeys(null, null, null, null, null, null, prefixes, 50);
        var byName = (await store.FindByNameTokensAsync(_merchant, prefixes, 50, Cancel)).Select(c => c.Id).Order().ToList();
        var prepared = (await ((ICustomerTillSearchStore)store).FindForTillAsync(_merchant, keys, Cancel)).Select(h => h.Customer.Id).Order().ToList();
        await using var transaction = await context.Database.BeginTransactionAsync(Cancel);
        var linq = (await ((ICustomerTillSearchStore)store).FindForTillAsync(_merchant, keys, Cancel)).Select(h => h.Customer.Id).Order().ToList();
        if (!compare)
        {
            // Rows missing on purpose: only the prepared statement reads pair and visit keys.
            return prepared;
        }

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

    /// <summary>A ticket of this test's merchant, completed at <paramref name="at"/> unless it is still open.</summary>
    private TicketLink Ticket(string reference, Guid customerId, TicketStatus status, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(),
        MerchantId = _merchant,
        TicketReference = reference,
        CustomerId = customerId,
        Status = status,
        Currency = "EUR",
        Total = 10m,
        OpenedAt = at,
        CompletedAt = status == TicketStatus.Open ? null : at,
        Version = 1,
    };

    /// <summary>The name index rows of a customer whose latest visit has this sort key (null: never), in key order.</summary>
    private static IOrderedEnumerable<string> KeysWithVisit(Customer customer, long? visit) => CustomerNameIndex.KeysFor(customer.NameTokens)
        .Select(k => CustomerNameIndex.IsVisitKey(k) ? CustomerNameIndex.VisitKey(k[1..4], visit, CustomerNameIndex.SortName(customer.NameTokens)) : k)
        .Order(StringComparer.Ordinal);

    /// <summary>The first <paramref name="take"/> hits in till order (latest visit, then name, then id) of the till
    /// search with that limit, by the prepared statement and by the LINQ statement.</summary>
    private async Task<(List<Guid> Prepared, List<Guid> Linq)> FirstInTillOrderAsync(ServiceProvider container, string[] prefixes, int take)
    {
        await using var scope = container.CreateAsyncScope();
        var store = (ICustomerTillSearchStore)scope.ServiceProvider.GetRequiredService<ICustomerStore>();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        var keys = new TillSearchKeys(null, null, null, null, null, null, prefixes, take);
        List<Guid> First(IReadOnlyList<TillSearchHit> hits) => hits
            .OrderByDescending(h => h.LastVisit ?? DateTimeOffset.MinValue)
            .ThenBy(h => h.Customer, NameOrder)
            .Take(take)
            .Select(h => h.Customer.Id)
            .ToList();
        var prepared = First(await store.FindForTillAsync(_merchant, keys, Cancel));
        await using var transaction = await context.Database.BeginTransactionAsync(Cancel);
        return (prepared, First(await store.FindForTillAsync(_merchant, keys, Cancel)));
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
