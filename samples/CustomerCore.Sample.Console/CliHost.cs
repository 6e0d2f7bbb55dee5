using CustomerCore.Phones;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Sample.Console;

/// <summary>How a vendor wires CustomerCore into its own process: options, stores, then the services.</summary>
internal static class CliHost
{
    public static ServiceProvider Build(string region)
    {
        PhoneNormalizer.Warm();
        var services = new ServiceCollection();
        services.AddCustomerCore(o => o.DefaultRegion = region)
                .AddInMemoryStores();
        return services.BuildServiceProvider();
    }
}
