using System.Reflection;
using CustomerCore.Customers;
using CustomerCore.InMemory;
using CustomerCore.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Tests;

/// <summary>A customer store without <see cref="ICustomerTillSearchStore"/> (one lookup per way of matching): the
/// service ranks the matches itself, by name, and pages them stably.</summary>
public sealed class SearchWithoutTillSearchStoreTests
{
    [Fact]
    public async Task SearchAsync_ThroughSingleLookups_RanksExactFirstThenByName_AndPagesStably()
    {
        var ct = TestContext.Current.CancellationToken;
        var services = new ServiceCollection();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero));
        services.AddSingleton<TimeProvider>(clock);
        services.AddCustomerCore().AddInMemoryStores();
        services.AddSingleton<InMemoryCustomerStore>();
        services.AddSingleton(provider => LookupsOnly.Wrap(provider.GetRequiredService<InMemoryCustomerStore>()));
        using var provider = services.BuildServiceProvider();
        Assert.IsNotAssignableFrom<ICustomerTillSearchStore>(provider.GetRequiredService<ICustomerStore>());
        var customers = provider.GetRequiredService<CustomerService>();

        // A second apart, so ids (time-ordered) follow creation order.
        async Task<Guid> CreateAsync(CustomerInput input)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return (await customers.CreateAsync("shop", input, new CreateCustomerOptions { AllowPossibleDuplicates = true }, ct)).Value!.Customer!.Id;
        }

        var zoe = await CreateAsync(new CustomerInput { FirstName = "Zoe", LastName = "Lookup" });
        var max = await CreateAsync(new CustomerInput { FirstName = "Max", LastName = "Lookup" });
        var bea = await CreateAsync(new CustomerInput { FirstName = "Bea", LastName = "Lookup" });

        // Created last: a lookup that listed only its first matches by id would leave Ann out of the first pages.
        var ann = await CreateAsync(new CustomerInput { FirstName = "Ann", LastName = "Lookup" });
        var coded = await CreateAsync(new CustomerInput { FirstName = "Yan", LastName = "Coded", CustomerCode = "Lookup" });

        foreach (var pageSize in new[] { 1, 2, 5 })
        {
            var seen = new List<Guid>();
            for (var skip = 0; skip < 5; skip += pageSize)
            {
                var page = await customers.SearchAsync("shop", new CustomerQuery("lookup") { Skip = skip, Take = pageSize }, ct);
                seen.AddRange(page.Value!.Items.Select(m => m.Customer.Id));
            }

            Assert.Equal([coded, ann, bea, max, zoe], seen);
        }
    }

    /// <summary>Forwards every <see cref="ICustomerStore"/> call and nothing else, hiding the store's other capabilities.</summary>
    public class LookupsOnly : DispatchProxy
    {
        private ICustomerStore _inner = null!;

        public static ICustomerStore Wrap(ICustomerStore inner)
        {
            var proxy = Create<ICustomerStore, LookupsOnly>();
            ((LookupsOnly)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod!.Invoke(_inner, args);
    }
}
