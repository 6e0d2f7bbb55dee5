using System.Reflection;
using System.Text.Json;
using CustomerCore.Customers;
using CustomerCore.Discounts;
using CustomerCore.EntityFrameworkCore.Stores;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Privacy;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.EntityFrameworkCore.Tests.Adapter;

/// <summary>
/// The till search runs its own prepared statement outside EF Core's query pipeline; inside a transaction the store
/// takes the LINQ statement instead. Both must return exactly the same hits: the same customers with every property
/// equal, the same reasons, visits and order, on SQLite and on PostgreSQL.
/// </summary>
public abstract class PreparedTillSearchTests
{
    protected static readonly MerchantId Merchant = new("m-prepared-" + Guid.NewGuid().ToString("N")[..8]);
    private static readonly JsonSerializerOptions Compare = new() { IncludeFields = false };

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Creates (once) the named database; returns its connection string.</summary>
    protected abstract Task<string> DatabaseAsync(string name);

    protected abstract void UseDatabase(DbContextOptionsBuilder options, string connectionString);

    protected abstract Task EnsureCreatedAsync(string name, DbContext context);

    [Fact]
    public async Task ThePreparedStatement_ReturnsWhatTheLinqStatementReturns_EveryPropertyAndVisit()
    {
        await using var container = await SeededContainerAsync("prepared-till-search");

        TillSearchKeys[] searches =
        [
            Keys(email: "everything@example.com"),
            Keys(code: "CODE-7"),
            Keys(phone: "+442079400001"),
            Keys(prefix: "+4420794"),
            Keys(reversed: "1000"),
            Keys(reversed: "7"),
            Keys(postal: "SW1A1AA"),
            Keys(names: ["fa"]),
            Keys(names: ["ev", "fa"]),
            Keys(names: ["ev", "fa"], limit: 2),
            Keys(email: "everything@example.com", phone: "+442079400001", prefix: "+44207", reversed: "1000", postal: "SW1A1AA", names: ["fa"], code: "CODE-7", limit: 3),
            Keys(email: "nobody@example.com", names: ["zz"]),
        ];

        var visited = 0;
        foreach (var keys in searches)
        {
            await using var scope = container.CreateAsyncScope();
            var store = (ICustomerTillSearchStore)scope.ServiceProvider.GetRequiredService<ICustomerStore>();
            var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
            Assert.True(PreparedTillSearch.CanServe(context));

            var prepared = await store.FindForTillAsync(Merchant, keys, Cancel);
            await using var transaction = await context.Database.BeginTransactionAsync(Cancel);
            Assert.False(PreparedTillSearch.CanServe(context));
            var linq = await store.FindForTillAsync(Merchant, keys, Cancel);

            // The same hits; in any order, since the service ranks them (PostgreSQL may join the branches' rows with a
            // hash join, which does not keep their order).
            Assert.Equal(Describe(linq).Order(StringComparer.Ordinal), Describe(prepared).Order(StringComparer.Ordinal));
            Assert.Equal(keys.NormalizedEmail == "nobody@example.com", prepared.Count == 0);
            visited += prepared.Count(h => h.LastVisit is not null);
        }

        Assert.True(visited > 0);
    }

    [Theory]
    [InlineData("emails")]
    [InlineData("codes")]
    [InlineData("phones")]
    public async Task TheBatchedLookups_OutsideATransaction_ReturnWhatEfCoreReturns_EveryProperty_EachCustomerOnce(string kind)
    {
        // On a SQLite file the import's batched lookups read on prepared read connections, outside EF Core's query
        // pipeline, a long list in parts at once; inside a transaction they go through EF Core. Both must build the same
        // customers. The list is long enough to be cut in parts, with misses between the keys that match: the phones put
        // one customer's second phone in the first part and its main phone in the last, where a second customer holds the
        // same number as its second phone, so that customer would come back from two parts.
        await using var container = await SeededContainerAsync($"prepared-batched-lookups-{kind}");

        await using var scope = container.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ICustomerStore>();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        var misses = Enumerable.Range(0, 1_200).Select(i => kind switch
        {
            "emails" => $"nobody{i}@example.com",
            "codes" => $"NOBODY-{i}",
            _ => $"+4420300{i:D5}",
        });
        List<string> keys = kind switch
        {
            "emails" => ["everything@example.com", .. misses],
            "codes" => ["CODE-7", .. misses],
            _ => ["+447911123456", .. misses, "+442079400001"],
        };
        Task<IReadOnlyList<Customer>> LookUpAsync() => kind switch
        {
            "emails" => store.FindByNormalizedEmailsAsync(Merchant, keys, Cancel),
            "codes" => store.FindByNormalizedCustomerCodesAsync(Merchant, keys, Cancel),
            _ => store.FindByPhonesAsync(Merchant, keys, Cancel),
        };

        var outside = await LookUpAsync();
        await using var transaction = await context.Database.BeginTransactionAsync(Cancel);
        var inside = await LookUpAsync();

        Assert.Contains(outside, c => c.NormalizedEmail == "everything@example.com");
        Assert.Equal(kind == "phones" ? 2 : 1, outside.Count);
        Assert.Equal(outside.Count, outside.Select(c => c.Id).Distinct().Count());
        Assert.Equal(Describe(inside.Select(c => new TillSearchHit(c, MatchReason.Email)).ToList()), Describe(outside.Select(c => new TillSearchHit(c, MatchReason.Email)).ToList()));
    }

    protected static TillSearchKeys Keys(
        string? email = null, string? code = null, string? phone = null, string? prefix = null, string? reversed = null,
        string? postal = null, string[]? names = null, int limit = 50) =>
        new(email, code, phone, prefix, reversed, postal, names ?? [], limit);

    /// <summary>Each hit as text: its reason, visit and every public property of its customer.</summary>
    private static List<string> Describe(IReadOnlyList<TillSearchHit> hits) =>
        hits.Select(h => $"{h.Reason} {h.LastVisit:O} " + string.Join(
            " | ",
            typeof(Customer).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => $"{p.Name}={JsonSerializer.Serialize(p.GetValue(h.Customer), Compare)}"))).ToList();

    /// <summary>A container over the named database, created and seeded (<see cref="SeedAsync"/>).</summary>
    private async Task<ServiceProvider> SeededContainerAsync(string name)
    {
        var container = Container(await DatabaseAsync(name));
        await using var setUp = container.CreateAsyncScope();
        await EnsureCreatedAsync(name, setUp.ServiceProvider.GetRequiredService<CustomerCoreDbContext>());
        await SeedAsync(setUp.ServiceProvider);
        return container;
    }

    protected ServiceProvider Container(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddCustomerCore(o => o.DefaultRegion = "GB").AddEntityFrameworkStores<CustomerCoreDbContext>(o => UseDatabase(o, connectionString));
        return services.BuildServiceProvider();
    }

    /// <summary>A customer with every property set, others sharing name words, phones and postal codes with it, and
    /// visits at different times so the ranking by latest visit, then name, then id decides the order.</summary>
    private static async Task SeedAsync(IServiceProvider services)
    {
        var customers = services.GetRequiredService<ICustomerStore>();
        var tickets = services.GetRequiredService<ITicketLinkStore>();
        var moment = new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
        var everything = new Customer
        {
            Id = Guid.CreateVersion7(moment),
            MerchantId = Merchant,
            FirstName = "Everest",
            LastName = "Family",
            DisplayName = "Ev Family",
            CompanyName = "Everest Ltd",
            Email = "Everything@Example.com",
            NormalizedEmail = "everything@example.com",
            Phone = "020 7940 0001",
            PhoneE164 = "+442079400001",
            PhoneDigitsReversed = "10004970202",
            SecondaryPhone = "07911 123456",
            SecondaryPhoneE164 = "+447911123456",
            AddressLine1 = "1 Long Road",
            AddressLine2 = "Flat 2",
            HouseNumber = "1",
            City = "London",
            Region = "Greater London",
            PostalCode = "SW1A 1AA",
            NormalizedPostalCode = "SW1A1AA",
            Country = "GB",
            CustomerCode = "code-7",
            NormalizedCustomerCode = "CODE-7",
            Birthday = new DateOnly(1988, 2, 29),
            Note = "Prefers paper receipts; é ü ß",
            GroupId = Guid.CreateVersion7(moment),
            PersonalDiscount = new Discount(DiscountKind.Percentage, 12.5m),
            Tags = ["vip", "wholesale"],
            Preferences = [new CustomerPreference("size", "M")],
            EmailConsent = new ConsentState(ConsentStatus.OptedIn, moment, ConsentSource.Web, "v2"),
            SmsConsent = new ConsentState(ConsentStatus.OptedOut, moment.AddDays(1), ConsentSource.Pos),
            NameTokens = ["everest", "family"],
            CreatedAt = moment,
            UpdatedAt = moment.AddHours(1),
            CreatedBy = "staff-1",
            UpdatedBy = "staff-2",
            Version = 3,
        };
        Assert.Equal(StoreWriteOutcome.Success, await customers.CreateAsync(everything, Cancel));

        for (var i = 2; i <= 9; i++)
        {
            var other = new Customer
            {
                Id = Guid.CreateVersion7(moment.AddMinutes(i)),
                MerchantId = Merchant,
                FirstName = i % 2 == 0 ? "Eve" : "Evan",
                LastName = i % 3 == 0 ? "Farrow" : "Family",
                Phone = $"020 7940 000{i}",
                PhoneE164 = $"+44207940000{i}",
                PhoneDigitsReversed = $"{i}0004970202",
                SecondaryPhone = i == 5 ? "020 7940 0001" : null,
                SecondaryPhoneE164 = i == 5 ? "+442079400001" : null,
                PostalCode = i < 5 ? "SW1A 1AA" : "E1 6AN",
                NormalizedPostalCode = i < 5 ? "SW1A1AA" : "E16AN",
                NameTokens = [i % 2 == 0 ? "eve" : "evan", i % 3 == 0 ? "farrow" : "family"],
                CreatedAt = moment,
                UpdatedAt = moment,
                Version = 1,
            };
            Assert.Equal(StoreWriteOutcome.Success, await customers.CreateAsync(other, Cancel));
            if (i % 3 != 1)
            {
                var completedAt = moment.AddDays(i % 4);
                Assert.Equal(StoreWriteOutcome.Success, await tickets.CreateAsync(
                    new TicketLink
                    {
                        Id = Guid.CreateVersion7(completedAt),
                        MerchantId = Merchant,
                        TicketReference = $"T-{i}",
                        CustomerId = other.Id,
                        Status = i == 6 ? TicketStatus.Open : TicketStatus.Completed,
                        Total = 10m,
                        Currency = "GBP",
                        OpenedAt = completedAt.AddMinutes(-5),
                        CompletedAt = i == 6 ? null : completedAt,
                        UpdatedAt = completedAt,
                        Version = 1,
                    },
                    Cancel));
            }
        }
    }
}

public sealed class SqlitePreparedTillSearchTests(SqliteTestDatabases databases) : PreparedTillSearchTests
{
    protected override Task<string> DatabaseAsync(string name) => Task.FromResult(databases.ConnectionString(name));

    protected override void UseDatabase(DbContextOptionsBuilder options, string connectionString) => options.UseSqlite(connectionString);

    protected override Task EnsureCreatedAsync(string name, DbContext context) => databases.EnsureCreatedAsync(name, context);

    [Fact]
    public async Task ASearchWithNothingToLookUp_ReturnsNothing_AndAnInMemoryDatabaseTakesTheLinqStatement()
    {
        await using var container = Container("Data Source=:memory:");
        await using var scope = container.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        Assert.False(PreparedTillSearch.CanServe(context));

        var fileContainer = Container(databases.ConnectionString("prepared-till-search-empty"));
        await using (fileContainer)
        {
            await using var fileScope = fileContainer.CreateAsyncScope();
            var fileContext = fileScope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
            await databases.EnsureCreatedAsync("prepared-till-search-empty", fileContext);
            var store = (ICustomerTillSearchStore)fileScope.ServiceProvider.GetRequiredService<ICustomerStore>();
            Assert.Empty(await store.FindForTillAsync(Merchant, Keys(), Cancel));
        }
    }

    [Fact]
    public async Task TheReadConnections_SortInMemory_AndThatSettingNeverReachesAConnectionEfCoreWritesWith()
    {
        const string name = "prepared-till-search-settings";
        await using var container = Container(databases.ConnectionString(name));
        await using (var scope = container.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
            await databases.EnsureCreatedAsync(name, context);
            PreparedTillSearch.BeforeExecute.Value = async (command, cancellationToken) =>
            {
                await using var pragma = command.Connection!.CreateCommand();
                pragma.CommandText = "PRAGMA temp_store";
                Assert.Equal(2L, await pragma.ExecuteScalarAsync(cancellationToken));
            };
            await ((ICustomerTillSearchStore)scope.ServiceProvider.GetRequiredService<ICustomerStore>()).FindForTillAsync(Merchant, Keys(email: "a@example.com"), Cancel);
            PreparedTillSearch.BeforeExecute.Value = null;
        }

        // Closed read connections are really closed, not handed to Microsoft.Data.Sqlite's pool, where EF Core would
        // pick one up for an import whose temporary data must stay on disk.
        PreparedReadConnections.CloseIdle(DateTime.MaxValue);
        for (var round = 0; round < 3; round++)
        {
            await using var scope = container.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Database;
            await database.OpenConnectionAsync(Cancel);
            await using var pragma = database.GetDbConnection().CreateCommand();
            pragma.CommandText = "PRAGMA temp_store";
            Assert.Equal(0L, await pragma.ExecuteScalarAsync(Cancel));
        }
    }
}

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlPreparedTillSearchTests(PostgreSqlServer server) : PreparedTillSearchTests, IAsyncLifetime
{
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

