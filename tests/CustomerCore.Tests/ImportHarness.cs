using CustomerCore.Importing;
using CustomerCore.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CustomerCore.Tests;

/// <summary>A fresh in-memory container per test, for importer tests that read the committed sample files.</summary>
internal sealed class ImportHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public ImportHarness(string region = "GB")
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero)));
        services.AddSingleton(new InMemoryDatabase());
        services.AddCustomerCore(o => o.DefaultRegion = region).AddInMemoryStores();
        _services = services.BuildServiceProvider();
    }

    public MerchantId Merchant { get; } = "shop-" + Guid.NewGuid().ToString("N")[..8];

    public T Resolve<T>()
        where T : notnull => _services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public CustomerImporter Importer => Resolve<CustomerImporter>();

    public static Stream OpenData(string name) => File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", name));

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
