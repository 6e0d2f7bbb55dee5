using System.Data.Common;
using System.Collections.Concurrent;
using CustomerCore.Customers;
using CustomerCore.EntityFrameworkCore.Stores;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Privacy;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.EntityFrameworkCore.Tests.Adapter;

/// <summary>
/// What only an EF Core store can get wrong: query plans, database-level races, transactions and a vendor's own
/// DbContext. Subclasses supply the database.
/// </summary>
public abstract class EntityFrameworkCoreAdapterTests : IAsyncLifetime
{
    private const string AdapterDatabase = "adapter";
    private const string ShopDatabase = "shop";
    private readonly List<ServiceProvider> _containers = [];
    private string? _connectionString;

    private const int PlanMerchantCustomers = 400;
    private static readonly MerchantId PlanMerchant = new("plan-merchant");
    private static readonly Guid PlanGroup = new("019a0000-0000-7000-8000-00000000000a");
    private static readonly ConcurrentDictionary<string, Lazy<Task>> PlanData = new();

    protected MerchantId Merchant { get; } = new("m-" + Guid.NewGuid().ToString("N")[..12]);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Creates the database on first use; returns its connection string.</summary>
    protected abstract Task<string> DatabaseAsync(string name);

    protected abstract void UseDatabase(DbContextOptionsBuilder options, string connectionString);

    protected abstract Task EnsureCreatedAsync(string name, DbContext context);

    /// <summary>A recorder that explains queries in this database's dialect.</summary>
    protected abstract QueryPlanRecorder NewPlanRecorder();

    /// <summary>Asserts that <paramref name="plan"/> looks rows up through one of <paramref name="indexNames"/> and reads no table in full.</summary>
    protected abstract void AssertSeeksWith(IReadOnlyList<string> plan, IReadOnlyCollection<string> indexNames);

    /// <summary>Runs after the plan merchant is seeded: refreshes statistics where the planner relies on them.</summary>
    protected virtual Task PrepareForPlansAsync(DbContext context) => Task.CompletedTask;

    /// <summary>The tables of the database, as "schema.table" where the database has schemas.</summary>
    protected abstract Task<IReadOnlyList<string>> TableNamesAsync(DbContext context);

    /// <summary>The name a query plan gives the index behind a table's primary key constraint.</summary>
    protected virtual string PrimaryKeyIndexName(string table, string constraint) => constraint;

    /// <summary>How a table configured with <paramref name="schema"/> is named in this database.</summary>
    protected abstract string Qualified(string schema, string table);

    public virtual async ValueTask InitializeAsync()
    {
        _connectionString = await DatabaseAsync(AdapterDatabase);
        using var scope = Container().CreateScope();
        await EnsureCreatedAsync(AdapterDatabase, scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await container.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("code")]
    [InlineData("phone")]
    [InlineData("secondary-phone")]
    [InlineData("phone-suffix")]
    [InlineData("phone-prefix")]
    [InlineData("postal-code")]
    [InlineData("name")]
    [InlineData("list")]
    [InlineData("emails")]
    [InlineData("codes")]
    [InlineData("phones")]
    [InlineData("group-members")]
    public async Task Lookup_UsesItsIndex_NeverAScanOrLike(string mode)
    {
        await PlanData.GetOrAdd(_connectionString!, _ => new Lazy<Task>(SeedPlanMerchantAsync)).Value;
        var recorder = NewPlanRecorder();
        using var scope = Container(recorder).CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<ICustomerStore>();
        var model = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Model;

        // The batched email look-up runs outside EF Core on a SQLite file; the hook shows the recorder its statement too.
        recorder.Recording = true;
        PreparedTillSearch.BeforeExecute.Value = recorder.ExplainAsync;
        var (found, index) = mode switch
        {
            "email" => (Count(await store.FindByNormalizedEmailAsync(PlanMerchant, "seed7@example.com", Cancel)), CustomerIndex(model, nameof(Customer.NormalizedEmail))),
            "code" => (Count(await store.FindByNormalizedCustomerCodeAsync(PlanMerchant, "SEED-7", Cancel)), CustomerIndex(model, nameof(Customer.NormalizedCustomerCode))),
            "phone" => ((await store.FindByPhoneAsync(PlanMerchant, MainPhone(7), 10, Cancel)).Count, CustomerIndex(model, nameof(Customer.PhoneE164))),
            "secondary-phone" => ((await store.FindByPhoneAsync(PlanMerchant, SecondaryPhone(7), 10, Cancel)).Count, CustomerIndex(model, nameof(Customer.SecondaryPhoneE164))),
            "phone-suffix" => ((await store.FindByPhoneSuffixAsync(PlanMerchant, "7000", 10, Cancel)).Count, CustomerIndex(model, nameof(Customer.PhoneDigitsReversed))),
            "phone-prefix" => ((await store.FindByPhonePrefixAsync(PlanMerchant, MainPhone(7)[..11], 10, Cancel)).Count, CustomerIndex(model, nameof(Customer.PhoneE164))),
            "postal-code" => ((await store.FindByPostalCodeAsync(PlanMerchant, "PC7", 10, Cancel)).Count, CustomerIndex(model, nameof(Customer.NormalizedPostalCode))),
            "name" => ((await store.FindByNameTokensAsync(PlanMerchant, ["seed7", "famil"], 10, Cancel)).Count, TokenIndex(model)),
            "list" => ((await store.ListAsync(PlanMerchant, Guid.Empty, 10, Cancel)).Count, PrimaryKeyIndex(model)),

            // The import's batched look-ups: ordered by id, SQLite without statistics walked every customer of the
            // merchant in id order (to skip a sort) and tested each against the list.
            "emails" => ((await store.FindByNormalizedEmailsAsync(PlanMerchant, ["seed7@example.com", "seed8@example.com"], Cancel)).Count, CustomerIndex(model, nameof(Customer.NormalizedEmail))),
            "codes" => ((await store.FindByNormalizedCustomerCodesAsync(PlanMerchant, ["SEED-7", "SEED-8"], Cancel)).Count, CustomerIndex(model, nameof(Customer.NormalizedCustomerCode))),
            "phones" => ((await store.FindByPhonesAsync(PlanMerchant, [MainPhone(7), MainPhone(8)], Cancel)).Count, CustomerIndex(model, nameof(Customer.PhoneE164))),

            // The group index holds only customers in a group (a partial index): "= group" must still prove it usable.
            "group-members" => ((await scope.ServiceProvider.GetRequiredService<ICustomerGroupStore>().ListMemberIdsAsync(PlanMerchant, PlanGroup, Cancel)).Count, CustomerIndex(model, nameof(Customer.GroupId))),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
        PreparedTillSearch.BeforeExecute.Value = null;

        Assert.True(found > 0);
        var sql = Assert.Single(recorder.Sql);
        Assert.DoesNotContain("LIKE", sql, StringComparison.OrdinalIgnoreCase);
        AssertSeeksWith(recorder.Plan, [index]);
    }

    /// <summary>
    /// A till search is one statement whatever the text fits, each of its lookups still a seek on its index, and it
    /// finds what one lookup per way of matching finds.
    /// </summary>
    [Theory]
    [InlineData("0007", MatchReason.PhoneLastDigits)]
    [InlineData("020 7940 0007", MatchReason.Phone)]
    [InlineData("07911 5", MatchReason.PhonePrefix)]
    [InlineData("seed7@example.com", MatchReason.Email)]
    [InlineData("seed-7", MatchReason.CustomerCode)]
    [InlineData("pc7", MatchReason.PostalCode)]
    [InlineData("seed7 famil", MatchReason.Name)]
    [InlineData("fa seed7", MatchReason.Name)]
    [InlineData("see", MatchReason.Name)]
    [InlineData("seed7", MatchReason.Name)]
    public async Task TillSearch_IsOneStatementOfIndexSeeks_AndFindsWhatEachLookupFinds(string text, MatchReason expected)
    {
        await PlanData.GetOrAdd(_connectionString!, _ => new Lazy<Task>(SeedPlanMerchantAsync)).Value;
        var recorder = NewPlanRecorder();
        using var scope = Container(recorder).CreateScope();
        var search = scope.ServiceProvider.GetRequiredService<CustomerService>();
        var model = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Model;

        recorder.Recording = true;
        PreparedTillSearch.BeforeExecute.Value = recorder.ExplainAsync;
        var found = await search.SearchAsync(PlanMerchant, new CustomerQuery(text) { Take = 10 }, Cancel);
        PreparedTillSearch.BeforeExecute.Value = null;
        recorder.Recording = false;

        Assert.True(found.Succeeded);
        Assert.Contains(found.Value!.Items, m => m.MatchedBy.HasFlag(expected));
        var sql = Assert.Single(recorder.Sql);
        Assert.DoesNotContain("LIKE", sql, StringComparison.OrdinalIgnoreCase);
        AssertSeeksWith(recorder.Plan,
        [
            .. new[] { nameof(Customer.NormalizedEmail), nameof(Customer.NormalizedCustomerCode), nameof(Customer.PhoneE164), nameof(Customer.SecondaryPhoneE164), nameof(Customer.PhoneDigitsReversed), nameof(Customer.NormalizedPostalCode) }
                .Select(property => CustomerIndex(model, property)),
            TokenIndex(model),
        ]);

        // The same search through a store that can only look up one way at a time.
        var expectedItems = await SearchOneLookupAtATimeAsync(text);
        Assert.Equal(expectedItems, found.Value.Items.Select(m => (m.Customer.Id, m.MatchedBy)).ToList());
    }

    [Fact]
    public async Task TypeAheadThatFillsThePage_LeavesLastDigitsOff_ButFlagsTheMatchesWhoseLastDigitsMatch()
    {
        using var scope = Container().CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<CustomerService>();
        async Task<Guid> AddAsync(string name, string phone)
        {
            var created = await service.CreateAsync(Merchant, new CustomerInput { FirstName = name, Phone = phone }, cancellationToken: Cancel);
            Assert.True(created.Succeeded, created.ToString());
            return created.Value!.Customer.Id;
        }

        // "07911" is the start of six mobile numbers and the end of two: one of those mobiles, and a landline.
        var both = await AddAsync("Both", "07911 007911");
        var typeAheadOnly = new List<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            typeAheadOnly.Add(await AddAsync($"Ahead{i}", $"07911 10000{i}"));
        }

        var landline = await AddAsync("Landline", "020 7940 7911");

        foreach (var take in new[] { 2, 20 })
        {
            var page = await service.SearchAsync(Merchant, new CustomerQuery("07911") { Take = take }, Cancel);
            Assert.True(page.Succeeded);
            var items = page.Value!.Items.Select(m => (m.Customer.Id, m.MatchedBy)).ToList();
            Assert.Equal((both, MatchReason.PhonePrefix | MatchReason.PhoneLastDigits), items[0]);
            Assert.Equal((typeAheadOnly[0], MatchReason.PhonePrefix), items[1]);
            if (take == 2)
            {
                Assert.Equal(2, items.Count);
                Assert.True(page.Value.HasMore);
            }
            else
            {
                // The page is not full of type-ahead matches: the last-digit lookup runs and the landline follows them.
                Assert.Equal([.. typeAheadOnly.Select(id => (id, MatchReason.PhonePrefix)), (landline, MatchReason.PhoneLastDigits)], items.Skip(1));
            }

            Assert.Equal(await SearchOneLookupAtATimeAsync("07911", take, Merchant), items);

            // Inside a transaction the store answers with its LINQ statement instead of the prepared one: the same page.
            await using var transaction = await scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Database.BeginTransactionAsync(Cancel);
            var inTransaction = await service.SearchAsync(Merchant, new CustomerQuery("07911") { Take = take }, Cancel);
            Assert.Equal(items, inTransaction.Value!.Items.Select(m => (m.Customer.Id, m.MatchedBy)));
        }
    }

    private async Task<List<(Guid, MatchReason)>> SearchOneLookupAtATimeAsync(string text, int take = 10, MerchantId? merchant = null)
    {
        var services = new ServiceCollection();
        services.AddScoped<ICustomerStore>(sp => new OneLookupAtATime(sp.GetRequiredService<EntityFrameworkCoreCustomerStore<CustomerCoreDbContext>>()));
        services.AddScoped<EntityFrameworkCoreCustomerStore<CustomerCoreDbContext>>();
        services.AddCustomerCore(o => o.DefaultRegion = "GB").AddEntityFrameworkStores<CustomerCoreDbContext>(o => UseDatabase(o, _connectionString!));
        await using var container = services.BuildServiceProvider();
        using var scope = container.CreateScope();
        Assert.IsType<OneLookupAtATime>(scope.ServiceProvider.GetRequiredService<ICustomerStore>());
        var page = await scope.ServiceProvider.GetRequiredService<CustomerService>().SearchAsync(merchant ?? PlanMerchant, new CustomerQuery(text) { Take = take }, Cancel);
        return page.Value!.Items.Select(m => (m.Customer.Id, m.MatchedBy)).ToList();
    }

    /// <summary>Forwards every lookup to the EF Core store but does not offer the one-statement search.</summary>
    private sealed class OneLookupAtATime(ICustomerStore inner) : ICustomerStore
    {
        public Task<StoreWriteOutcome> CreateAsync(Customer customer, CancellationToken cancellationToken) => inner.CreateAsync(customer, cancellationToken);
        public Task<StoreWriteOutcome> UpdateAsync(Customer customer, long expectedVersion, CancellationToken cancellationToken) => inner.UpdateAsync(customer, expectedVersion, cancellationToken);
        public Task<CustomerBatchWriteResult> WriteBatchAsync(IReadOnlyList<CustomerWrite> writes, CancellationToken cancellationToken) => inner.WriteBatchAsync(writes, cancellationToken);
        public Task<StoreWriteOutcome> DeleteAsync(MerchantId merchantId, Guid customerId, long expectedVersion, CancellationToken cancellationToken) => inner.DeleteAsync(merchantId, customerId, expectedVersion, cancellationToken);
        public Task<Customer?> FindByIdAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken) => inner.FindByIdAsync(merchantId, customerId, cancellationToken);
        public Task<IReadOnlyList<Customer>> FindByIdsAsync(MerchantId merchantId, IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken) => inner.FindByIdsAsync(merchantId, customerIds, cancellationToken);
        public Task<Customer?> FindByNormalizedEmailAsync(MerchantId merchantId, string normalizedEmail, CancellationToken cancellationToken) => inner.FindByNormalizedEmailAsync(merchantId, normalizedEmail, cancellationToken);
        public Task<IReadOnlyList<Customer>> FindByNormalizedEmailsAsync(MerchantId merchantId, IReadOnlyCollection<string> normalizedEmails, CancellationToken cancellationToken) => inner.FindByNormalizedEmailsAsync(merchantId, normalizedEmails, cancellationToken);
        public Task<Customer?> FindByNormalizedCustomerCodeAsync(MerchantId merchantId, string normalizedCode, CancellationToken cancellationToken) => inner.FindByNormalizedCustomerCodeAsync(merchantId, normalizedCode, cancellationToken);
        public Task<IReadOnlyList<Customer>> FindByNormalizedCustomerCodesAsync(MerchantId merchantId, IReadOnlyCollection<string> normalizedCodes, CancellationToken cancellationToken) => inner.FindByNormalizedCustomerCodesAsync(merchantId, normalizedCodes, cancellationToken);
        public Task<IReadOnlyList<Customer>> FindByPhonesAsync(MerchantId merchantId, IReadOnlyCollection<string> e164Numbers, CancellationToken cancellationToken) => inner.FindByPhonesAsync(merchantId, e164Numbers, cancellationToken);
        public Task<IReadOnlyList<Customer>> FindByPhoneAsync(MerchantId merchantId, string e164, int limit, CancellationToken cancellationToken) => inner.FindByPhoneAsync(merchantId, e164, limit, cancellationToken);
        public Task<IReadOnlyList<Customer>> FindByPhonePrefixAsync(MerchantId merchantId, string e164Prefix, int limit, CancellationToken cancellationToken) => inner.FindByPhonePrefixAsync(merchantId, e164Prefix, limit, cancellationToken);
        public Task<IReadOnlyList<Customer>> FindByPhoneSuffixAsync(MerchantId merchantId, string reversedDigitsPrefix, int limit, CancellationToken cancellationToken) => inner.FindByPhoneSuffixAsync(merchantId, reversedDigitsPrefix, limit, cancellationToken);
        public Task<IReadOnlyList<Customer>> FindByPostalCodeAsync(MerchantId merchantId, string normalizedPostalCode, int limit, CancellationToken cancellationToken) => inner.FindByPostalCodeAsync(merchantId, normalizedPostalCode, limit, cancellationToken);
        public Task<IReadOnlyList<Customer>> FindByNameTokensAsync(MerchantId merchantId, IReadOnlyList<string> tokenPrefixes, int limit, CancellationToken cancellationToken) => inner.FindByNameTokensAsync(merchantId, tokenPrefixes, limit, cancellationToken);
        public Task<IReadOnlyList<Customer>> ListAsync(MerchantId merchantId, Guid? afterId, int limit, CancellationToken cancellationToken) => inner.ListAsync(merchantId, afterId, limit, cancellationToken);
    }

    [Fact]
    public async Task NameSearch_MatchesPrefixesOfNonLatinWordsExactly()
    {
        var store = Container().CreateScope().ServiceProvider.GetRequiredService<ICustomerStore>();
        var omega = NewCustomer("Ωmega", null);
        var zeta = NewCustomer("Ωn", null);
        Assert.Equal(StoreWriteOutcome.Success, await store.CreateAsync(omega, Cancel));
        Assert.Equal(StoreWriteOutcome.Success, await store.CreateAsync(zeta, Cancel));

        var found = await store.FindByNameTokensAsync(Merchant, ["ωm"], 10, Cancel);

        Assert.Equal([omega.Id], found.Select(c => c.Id));
        Assert.Equal(2, (await store.FindByNameTokensAsync(Merchant, ["ω"], 10, Cancel)).Count);
    }

    [Fact]
    public async Task List_OrdersRandomIdsExactlyAsGuidCompareTo()
    {
        var store = Container().CreateScope().ServiceProvider.GetRequiredService<ICustomerStore>();
        var ids = new List<Guid>();
        for (var i = 0; i < 24; i++)
        {
            var customer = NewCustomer("Order" + i, null);
            customer.Id = Guid.NewGuid();
            ids.Add(customer.Id);
            Assert.Equal(StoreWriteOutcome.Success, await store.CreateAsync(customer, Cancel));
        }

        var listed = new List<Guid>();
        Guid? after = null;
        while (await store.ListAsync(Merchant, after, 5, Cancel) is { Count: > 0 } page)
        {
            listed.AddRange(page.Select(c => c.Id));
            after = page[^1].Id;
        }

        Assert.Equal(ids.Order().ToList(), listed);
    }

    [Fact]
    public async Task TwoUpdates_FromTheSameVersion_OneSucceedsAndTheOtherConflicts()
    {
        var created = NewCustomer("Race", null);
        Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(created, Cancel));
        var first = Changed(created, "York");
        var second = Changed(created, "Hull");

        var outcomes = await Task.WhenAll(Store().UpdateAsync(first, created.Version, Cancel), Store().UpdateAsync(second, created.Version, Cancel));

        Assert.Equal([StoreWriteOutcome.Success, StoreWriteOutcome.VersionConflict], outcomes.Order());
        var stored = await Store().FindByIdAsync(Merchant, created.Id, Cancel);
        Assert.Equal(2, stored!.Version);
        Assert.Equal(outcomes[0] == StoreWriteOutcome.Success ? "York" : "Hull", stored.City);
    }

    [Fact]
    public async Task Update_WhenAnotherWriterCommitsAfterTheVersionCheck_ConflictsAndLeavesNothingTracked()
    {
        var created = NewCustomer("Late", null);
        Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(created, Cancel));
        // Just before the store's transaction begins: a rename holds SQLite's write lock from there on (it rewrites the
        // name index with the row), so that is where another writer can still slip in after the version check.
        var interloper = new BeforeFirstTransaction(async () =>
            Assert.Equal(StoreWriteOutcome.Success, await Store().UpdateAsync(Changed(created, "Won", "Winner"), created.Version, Cancel)));
        using var scope = Container(interloper).CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();

        var outcome = await scope.ServiceProvider.GetRequiredService<ICustomerStore>().UpdateAsync(Changed(created, "Lost", "Loser"), created.Version, Cancel);

        Assert.Equal(StoreWriteOutcome.VersionConflict, outcome);
        Assert.Empty(context.ChangeTracker.Entries());
        var stored = await Store().FindByIdAsync(Merchant, created.Id, Cancel);
        Assert.Equal("Won", stored!.City);
        Assert.Single(await Store().FindByNameTokensAsync(Merchant, ["winner"], 10, Cancel));
        Assert.Empty(await Store().FindByNameTokensAsync(Merchant, ["loser"], 10, Cancel));
    }

    [Fact]
    public async Task TwoCreates_WithTheSameEmail_MakeOneCustomerAndOneDuplicateEmail()
    {
        var email = $"race.{Guid.NewGuid():N}@example.com";
        var input = new CustomerInput { FirstName = "Twin", Email = email };
        var tillA = Container().CreateScope().ServiceProvider.GetRequiredService<CustomerService>();
        var tillB = Container().CreateScope().ServiceProvider.GetRequiredService<CustomerService>();

        var results = await Task.WhenAll(tillA.CreateAsync(Merchant, input, cancellationToken: Cancel), tillB.CreateAsync(Merchant, input, cancellationToken: Cancel));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(results, r => r.HasError(CustomerErrorCodes.DuplicateEmail));
        Assert.Single(await Store().FindByNormalizedEmailsAsync(Merchant, [email], Cancel));
    }

    [Fact]
    public async Task Create_WhenAnotherTillTakesTheEmailAfterTheCheck_DatabaseConstraintGivesDuplicateEmail()
    {
        var email = $"late.{Guid.NewGuid():N}@example.com";
        var winner = NewCustomer("Winner", null);
        winner.Email = winner.NormalizedEmail = email;
        // The service checks, then its unit of work writes: the other till commits in between.
        var interloper = new BeforeFirstTransaction(async () => Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(winner, Cancel)));
        using var scope = Container(interloper).CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();

        var result = await scope.ServiceProvider.GetRequiredService<CustomerService>()
            .CreateAsync(Merchant, new CustomerInput { FirstName = "Loser", Email = email.ToUpperInvariant() }, cancellationToken: Cancel);

        Assert.True(result.HasError(CustomerErrorCodes.DuplicateEmail), result.ToString());
        Assert.Empty(context.ChangeTracker.Entries());
        Assert.Equal(winner.Id, (await Store().FindByNormalizedEmailAsync(Merchant, email, Cancel))!.Id);
        Assert.Empty(await Store().FindByNameTokensAsync(Merchant, ["loser"], 10, Cancel));
    }

    [Fact]
    public async Task UnitOfWork_DisposedWithoutCommit_DiscardsCustomerWordsAndConsentFromEveryScope()
    {
        var customer = NewCustomer("Rolled", null);
        await using (var transaction = await Resolve<ICustomerCoreUnitOfWork>().BeginAsync(Cancel))
        {
            Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(customer, Cancel));
            await Resolve<IConsentHistoryStore>().AppendAsync(Consent(customer), Cancel);
            Assert.NotNull(await Store().FindByIdAsync(Merchant, customer.Id, Cancel));
        }

        Assert.Null(await Store().FindByIdAsync(Merchant, customer.Id, Cancel));
        Assert.Empty(await Store().FindByNameTokensAsync(Merchant, ["rolled"], 10, Cancel));
        Assert.Empty(await Resolve<IConsentHistoryStore>().ListAsync(Merchant, customer.Id, Cancel));
    }

    [Fact]
    public async Task UnitOfWork_Committed_KeepsEveryWrite()
    {
        var customer = NewCustomer("Kept", null);
        await using (var transaction = await Resolve<ICustomerCoreUnitOfWork>().BeginAsync(Cancel))
        {
            Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(customer, Cancel));
            await Resolve<IConsentHistoryStore>().AppendAsync(Consent(customer), Cancel);
            await transaction.CommitAsync(Cancel);
        }

        Assert.NotNull(await Store().FindByIdAsync(Merchant, customer.Id, Cancel));
        Assert.Single(await Resolve<IConsentHistoryStore>().ListAsync(Merchant, customer.Id, Cancel));
    }

    [Fact]
    public async Task UnitOfWork_InnerEndedWithoutCommit_MakesTheOuterCommitFailAndRollBack()
    {
        var outerCustomer = NewCustomer("Outer", null);
        var innerCustomer = NewCustomer("Inner", null);
        var uow = Resolve<ICustomerCoreUnitOfWork>();
        await using var outer = await uow.BeginAsync(Cancel);
        Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(outerCustomer, Cancel));
        await using (await Resolve<ICustomerCoreUnitOfWork>().BeginAsync(Cancel))
        {
            Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(innerCustomer, Cancel));
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => outer.CommitAsync(Cancel));

        Assert.Null(await Store().FindByIdAsync(Merchant, outerCustomer.Id, Cancel));
        Assert.Null(await Store().FindByIdAsync(Merchant, innerCustomer.Id, Cancel));
    }

    [Fact]
    public async Task UnitOfWork_InnerCommitJoinsTheOuterTransaction()
    {
        var innerCustomer = NewCustomer("Joined", null);
        await using (var outer = await Resolve<ICustomerCoreUnitOfWork>().BeginAsync(Cancel))
        {
            await using (var inner = await Resolve<ICustomerCoreUnitOfWork>().BeginAsync(Cancel))
            {
                Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(innerCustomer, Cancel));
                await inner.CommitAsync(Cancel);
            }

            // The inner commit is not the end: the outer one still decides.
            Assert.NotNull(await Store().FindByIdAsync(Merchant, innerCustomer.Id, Cancel));
        }

        Assert.Null(await Store().FindByIdAsync(Merchant, innerCustomer.Id, Cancel));
    }

    [Fact]
    public async Task UnitOfWork_DuplicateInsideTheTransaction_IsAResultAndTheTransactionGoesOn()
    {
        var first = NewCustomer("First", null);
        first.Email = first.NormalizedEmail = $"uow.{Guid.NewGuid():N}@example.com";
        var second = NewCustomer("Second", null);
        second.Email = second.NormalizedEmail = first.NormalizedEmail;
        var third = NewCustomer("Third", null);
        await using (var transaction = await Resolve<ICustomerCoreUnitOfWork>().BeginAsync(Cancel))
        {
            Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(first, Cancel));
            Assert.Equal(StoreWriteOutcome.DuplicateEmail, await Store().CreateAsync(second, Cancel));
            Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(third, Cancel));
            await transaction.CommitAsync(Cancel);
        }

        Assert.NotNull(await Store().FindByIdAsync(Merchant, first.Id, Cancel));
        Assert.Null(await Store().FindByIdAsync(Merchant, second.Id, Cancel));
        Assert.NotNull(await Store().FindByIdAsync(Merchant, third.Id, Cancel));
    }

    [Fact]
    public async Task BatchWrites_InsideAnOpenTransaction_LeaveNoSavepointBehind()
    {
        // An import writes chunk after chunk in one transaction. A savepoint left open by each chunk nested until the
        // commit, and SQLite journaled every later page change for all of them: the import slowed down as it went.
        using var scope = Container().CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<ICustomerStore>();
        await using var transaction = await context.Database.BeginTransactionAsync(Cancel);
        var customers = Enumerable.Range(0, 3).Select(i => NewCustomer("Chunk" + i, null)).ToList();

        foreach (var customer in customers)
        {
            Assert.Equal(StoreWriteOutcome.Success, (await store.WriteBatchAsync([new CustomerWrite(customer, null)], Cancel)).Outcome);
        }

        await Assert.ThrowsAnyAsync<DbException>(() => context.Database.ExecuteSqlRawAsync("RELEASE SAVEPOINT customercore_batch", Cancel));
    }

    [Fact]
    public async Task BatchWrite_NewCustomerWhoseEmailIsStored_IsRefusedAsADuplicate_AndNoneOfTheBatchIsWritten()
    {
        // New customers go in through the set-based path (a binary COPY on PostgreSQL): the database's refusal must come
        // back as the outcome, not as an exception, and take the rows copied before it along.
        var stored = NewCustomer("Stored", null);
        stored.Email = stored.NormalizedEmail = $"stored.{Guid.NewGuid():N}@example.com";
        Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(stored, Cancel));
        var before = NewCustomer("Before", null);
        var clash = NewCustomer("Clash", null);
        clash.Email = clash.NormalizedEmail = stored.NormalizedEmail;

        var result = await Store().WriteBatchAsync([new CustomerWrite(before, null), new CustomerWrite(clash, null)], Cancel);

        Assert.Equal(StoreWriteOutcome.DuplicateEmail, result.Outcome);
        Assert.Null(await Store().FindByIdAsync(Merchant, before.Id, Cancel));
        Assert.Null(await Store().FindByIdAsync(Merchant, clash.Id, Cancel));
    }

    [Fact]
    public async Task SetBasedInsert_CancelledWhileItsRowsAreSent_WritesNoneOfThem_AndTheContextWritesAfterwards()
    {
        using var scope = Container().CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        // Enough rows that PostgreSQL has received part of the copy when the token fires.
        var rows = Enumerable.Range(0, 400).Select(i => NewCustomer("Streamed" + i, null)).ToList();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SetBasedRowInserter.TryInsertAsync(context, new CancelsPartWay<Customer>(rows, cancelAt: 300, cancel), cancel.Token));

        Assert.Equal(0, await context.Customers.CountAsync(c => c.MerchantId == Merchant && c.FirstName!.StartsWith("Streamed"), Cancel));
        var after = NewCustomer("After", null);
        Assert.True(await SetBasedRowInserter.TryInsertAsync(context, [after], Cancel));
        Assert.NotNull(await Store().FindByIdAsync(Merchant, after.Id, Cancel));
    }

    [Fact]
    public async Task Delete_RemovesTheNameWordsWithTheCustomer()
    {
        var customer = NewCustomer("Erased", null);
        Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(customer, Cancel));

        Assert.Equal(StoreWriteOutcome.Success, await Store().DeleteAsync(Merchant, customer.Id, customer.Version, Cancel));

        using var scope = Container().CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        Assert.False(await context.Set<CustomerNameToken>().AnyAsync(t => t.CustomerId == customer.Id, Cancel));
    }

    [Fact]
    public async Task Preferences_LeftEmptyByAGeneratedMigration_ReadAsNone()
    {
        // A migration that adds the required Preferences column to existing rows fills it with the empty string.
        var customer = NewCustomer("Migrated", null);
        Assert.Equal(StoreWriteOutcome.Success, await Store().CreateAsync(customer, Cancel));
        using (var scope = Container().CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
            var table = context.Model.FindEntityType(typeof(Customer))!;
            var sqlHelper = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>(context);
            var sql = $"UPDATE {sqlHelper.DelimitIdentifier(table.GetTableName()!, table.GetSchema())} SET {sqlHelper.DelimitIdentifier("Preferences")} = '' " +
                $"WHERE {sqlHelper.DelimitIdentifier("Id")} = {{0}}";
            Assert.Equal(1, await context.Database.ExecuteSqlRawAsync(sql, [customer.Id], Cancel));
        }

        var stored = await Store().FindByIdAsync(Merchant, customer.Id, Cancel);

        Assert.NotNull(stored);
        Assert.Empty(stored.Preferences);
    }

    [Fact]
    public async Task VendorDbContext_HoldsItsOwnEntitiesAndCustomerCoresTablesSideBySide()
    {
        var connectionString = await DatabaseAsync(ShopDatabase);
        var services = new ServiceCollection();
        services.AddDbContext<ShopDbContext>(o => UseDatabase(o, connectionString));
        services.AddCustomerCore(o => o.DefaultRegion = "GB").AddEntityFrameworkStores<ShopDbContext>();
        await using var container = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        using (var setup = container.CreateScope())
        {
            await EnsureCreatedAsync(ShopDatabase, setup.ServiceProvider.GetRequiredService<ShopDbContext>());
        }

        using var scope = container.CreateScope();
        var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
        var email = $"vendor.{Guid.NewGuid():N}@example.com";
        var order = new Order { Id = Guid.CreateVersion7(), Reference = "R-1", Total = 12.50m };

        // The customer and the vendor's order commit together through CustomerCore's unit of work.
        await using (var transaction = await scope.ServiceProvider.GetRequiredService<ICustomerCoreUnitOfWork>().BeginAsync(Cancel))
        {
            var created = await customers.CreateAsync(Merchant, new CustomerInput { FirstName = "Vendor", LastName = "Shopper", Email = email }, cancellationToken: Cancel);
            Assert.True(created.Succeeded, created.ToString());
            order.CustomerId = created.Value!.Customer!.Id;
            shop.Orders.Add(order);
            await shop.SaveChangesAsync(Cancel);
            await transaction.CommitAsync(Cancel);
        }

        // Ticket lines and the item totals they feed live in the vendor's context too.
        var tickets = scope.ServiceProvider.GetRequiredService<TicketLinkService>();
        var ticket = "V-" + Guid.NewGuid().ToString("N")[..8];
        var reported = await tickets.ReportAsync(Merchant, new TicketReport
        {
            TicketReference = ticket,
            Status = TicketStatus.Completed,
            Total = 5m,
            Currency = "GBP",
            Lines = [new TicketLineReport { Sku = "MUG", Description = "Mug", Quantity = 2m, UnitPrice = 2.5m }],
        }, Cancel);
        Assert.True(reported.Succeeded, reported.ToString());
        Assert.True((await tickets.AttachAsync(Merchant, ticket, order.CustomerId, cancellationToken: Cancel)).Succeeded);
        var items = (await tickets.GetFrequentItemsAsync(Merchant, order.CustomerId, cancellationToken: Cancel)).Value!;

        var duplicate = await customers.CreateAsync(Merchant, new CustomerInput { Email = email }, cancellationToken: Cancel);
        var found = await customers.SearchAsync(Merchant, new CustomerQuery("vend shop"), Cancel);
        var stored = await shop.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id, Cancel);
        var tables = await TableNamesAsync(shop);

        Assert.True(duplicate.HasError(CustomerErrorCodes.DuplicateEmail), duplicate.ToString());
        Assert.Equal(order.CustomerId, Assert.Single(found.Value!.Items).Customer.Id);
        Assert.Equal(12.50m, stored.Total);
        Assert.Contains(Qualified(ShopDbContext.ShopSchema, "Orders"), tables);
        Assert.Contains(Qualified(ShopDbContext.CustomerSchema, "cc_Customers"), tables);
        Assert.Contains(Qualified(ShopDbContext.CustomerSchema, "cc_CustomerNameTokens"), tables);
        Assert.Contains(Qualified(ShopDbContext.CustomerSchema, "cc_CustomerConsentRecords"), tables);
        Assert.Contains(Qualified(ShopDbContext.CustomerSchema, "cc_TicketLines"), tables);
        Assert.Contains(Qualified(ShopDbContext.CustomerSchema, "cc_CustomerItemTotals"), tables);
        var mug = Assert.Single(items);
        Assert.Equal(("MUG", 1, 2m, 5m), (mug.Sku, mug.TimesBought, mug.Quantity, mug.Spent["GBP"]));
        Assert.DoesNotContain(tables, t => t.EndsWith("Customers", StringComparison.Ordinal) && !t.EndsWith("cc_Customers", StringComparison.Ordinal));
    }

    private static int Count(Customer? customer) => customer is null ? 0 : 1;

    private static string MainPhone(int i) => $"+4479115{i:D5}";

    private static string SecondaryPhone(int i) => $"+4420794{i:D5}";

    /// <summary>
    /// One merchant with a till's worth of customers, so a planner that weighs its choices by row counts sees a merchant
    /// far bigger than any one match, as in a real shop.
    /// </summary>
    private async Task SeedPlanMerchantAsync()
    {
        using var scope = Container().CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        for (var i = 0; i < PlanMerchantCustomers; i++)
        {
            var e164 = MainPhone(i);
            var customer = new Customer
            {
                Id = Guid.CreateVersion7(),
                MerchantId = PlanMerchant,
                FirstName = "Seed" + i,
                LastName = "Family" + (i % 20),
                Email = $"seed{i}@example.com",
                NormalizedEmail = $"seed{i}@example.com",
                CustomerCode = "SEED-" + i,
                NormalizedCustomerCode = "SEED-" + i,
                Phone = e164,
                PhoneE164 = e164,
                PhoneDigitsReversed = new string(e164[1..].Reverse().ToArray()),
                SecondaryPhone = SecondaryPhone(i),
                SecondaryPhoneE164 = SecondaryPhone(i),
                PostalCode = "PC" + i,
                NormalizedPostalCode = "PC" + i,
                GroupId = i % 10 == 0 ? PlanGroup : null,
                Version = 1,
            };
            customer.NameTokens = TextNormalizer.NameTokens(customer.FirstName, customer.LastName);
            context.Add(customer);
            context.AddRange(CustomerNameIndex.KeysFor(customer.NameTokens).Select(key => new CustomerNameToken { CustomerId = customer.Id, MerchantId = PlanMerchant, Token = key }));
        }

        await context.SaveChangesAsync(Cancel);
        await PrepareForPlansAsync(context);
    }

    private static string CustomerIndex(IModel model, string property) => IndexName(model.FindEntityType(typeof(Customer))!, property);

    // Listing pages along the (merchant, id) primary key. SQLite names the index behind a primary key constraint
    // after the table, not after the constraint.
    private string PrimaryKeyIndex(IModel model)
    {
        var customer = model.FindEntityType(typeof(Customer))!;
        return PrimaryKeyIndexName(customer.GetTableName()!, customer.FindPrimaryKey()!.GetName()!);
    }

    private static string TokenIndex(IModel model) => IndexName(model.FindEntityType(typeof(CustomerNameToken))!, nameof(CustomerNameToken.Token));

    private static string IndexName(IEntityType entity, string property) => entity.GetIndexes()
        .Single(i => i.Properties.Count > 1 && i.Properties[1].Name == property && i.Properties[0].Name == nameof(Customer.MerchantId))
        .GetDatabaseName()!;

    protected ServiceProvider Container(params IInterceptor[] interceptors)
    {
        var services = new ServiceCollection();
        services.AddCustomerCore(o => o.DefaultRegion = "GB")
            .AddEntityFrameworkStores<CustomerCoreDbContext>(o =>
            {
                UseDatabase(o, _connectionString!);
                o.AddInterceptors(interceptors);
            });
        var container = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _containers.Add(container);
        return container;
    }

    private ServiceProvider? _shared;

    /// <summary>Resolves from a new scope of one container, as the specification suite does: each call is a new DbContext.</summary>
    private T Resolve<T>()
        where T : notnull => (_shared ??= Container()).CreateScope().ServiceProvider.GetRequiredService<T>();

    private ICustomerStore Store() => Resolve<ICustomerStore>();

    private Customer NewCustomer(string firstName, string? phone)
    {
        var customer = new Customer
        {
            Id = Guid.CreateVersion7(),
            MerchantId = Merchant,
            FirstName = firstName,
            LastName = "Test",
            Phone = phone,
            PhoneE164 = phone is null ? null : "+447911555123",
            PhoneDigitsReversed = phone is null ? null : "321555119744",
            SecondaryPhoneE164 = phone is null ? null : "+442079460958",
            Version = 1,
            CreatedAt = DateTimeOffset.UnixEpoch,
            UpdatedAt = DateTimeOffset.UnixEpoch,
        };
        customer.NameTokens = TextNormalizer.NameTokens(customer.FirstName, customer.LastName);
        return customer;
    }

    private static Customer Changed(Customer customer, string city, string? firstName = null)
    {
        var copy = customer.Clone();
        copy.City = city;
        copy.FirstName = firstName ?? copy.FirstName;
        copy.NameTokens = TextNormalizer.NameTokens(copy.FirstName, copy.LastName);
        copy.Version = customer.Version + 1;
        return copy;
    }

    private ConsentRecord Consent(Customer customer) => new()
    {
        Id = Guid.CreateVersion7(),
        MerchantId = Merchant,
        CustomerId = customer.Id,
        Channel = ConsentChannel.Email,
        Status = ConsentStatus.OptedIn,
        RecordedAt = DateTimeOffset.UnixEpoch,
        Source = ConsentSource.Pos,
        WordingVersion = "v1",
    };

    /// <summary>Rows whose enumeration cancels <paramref name="cancel"/> on reaching row <paramref name="cancelAt"/>,
    /// while the rows before it are already on their way to the database.</summary>
    private sealed class CancelsPartWay<T>(IReadOnlyList<T> rows, int cancelAt, CancellationTokenSource cancel) : IReadOnlyCollection<T>
    {
        public int Count => rows.Count;

        public IEnumerator<T> GetEnumerator()
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (i == cancelAt)
                {
                    cancel.Cancel();
                }

                yield return rows[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
