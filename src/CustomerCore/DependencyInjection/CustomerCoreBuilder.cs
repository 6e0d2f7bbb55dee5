using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.DependencyInjection;

/// <summary>Returned by <c>AddCustomerCore</c>; adapter packages add their store registrations to it.</summary>
public sealed class CustomerCoreBuilder
{
    /// <summary>Creates the builder over a service collection.</summary>
    public CustomerCoreBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
    }

    /// <summary>The service collection CustomerCore registers into.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Changes the options (can be called several times; later calls win).</summary>
    public CustomerCoreBuilder Configure(Action<CustomerCoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }
}
