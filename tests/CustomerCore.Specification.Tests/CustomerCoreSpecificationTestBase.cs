using CustomerCore.DependencyInjection;
using CustomerCore.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>
/// The root of the conformance suite. A store author subclasses one of the suites and overrides
/// <see cref="AddStores"/> (and, when the stores need a schema, <see cref="InitializeStoresAsync"/>);
/// every test is inherited. Each test uses its own random merchant, so stores are never reset between tests.
/// </summary>
public abstract class CustomerCoreSpecificationTestBase : IAsyncLifetime
{
    private ServiceProvider? _services;

    /// <summary>A merchant unique to this test.</summary>
    protected MerchantId Merchant { get; } = new("m-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>A clock the tests move by hand.</summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero));

    /// <summary>The container the test resolves services from.</summary>
    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>Registers the stores under test.</summary>
    protected abstract void AddStores(CustomerCoreBuilder builder);

    /// <summary>Prepares the stores once the container is built (create a schema, open a connection).</summary>
    protected virtual Task InitializeStoresAsync(IServiceProvider services) => Task.CompletedTask;

    /// <summary>Options every test starts from; tests may override parts.</summary>
    protected virtual void ConfigureOptions(CustomerCoreOptions options)
    {
        options.DefaultRegion = "GB";
    }

    /// <summary>Builds a fresh container over the same stores, as a second till or process would.</summary>
    protected ServiceProvider BuildServices(Action<CustomerCoreOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<ICustomerCoreAccessContext>(Access);
        var builder = services.AddCustomerCore(o =>
        {
            ConfigureOptions(o);
            configure?.Invoke(o);
        });
        AddStores(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>The access context of every container the test builds; see <see cref="ActAs"/>.</summary>
    protected SwitchableAccessContext Access { get; } = new();

    /// <summary>Makes <paramref name="access"/> the acting user for what the test does next, and returns <typeparamref name="T"/> to call.</summary>
    protected T ActAs<T>(ICustomerCoreAccessContext access)
        where T : notnull
    {
        Access.Switch(access);
        return Resolve<T>();
    }

    /// <summary>Resolves a service in a new scope (one unit of work, one database context).</summary>
    protected T Resolve<T>()
        where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    /// <summary>A short random suffix so test data never collides across tests or runs.</summary>
    protected static string Unique() => Guid.NewGuid().ToString("N")[..8];

    /// <inheritdoc />
    public virtual async ValueTask InitializeAsync()
    {
        _services = BuildServices();
        await InitializeStoresAsync(_services).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }
}
