using CustomerCore.Customers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerCore.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task CreateAsync_LogsMaskedPersonalDataOnly()
    {
        var logger = new CapturingLogger();
        var services = new ServiceCollection();
        services.AddSingleton<ILogger<CustomerService>>(logger);
        services.AddCustomerCore(o => o.DefaultRegion = "GB").AddInMemoryStores();
        var customers = services.BuildServiceProvider().GetRequiredService<CustomerService>();

        var created = await customers.CreateAsync("shop", new CustomerInput { FirstName = "Secretia", Email = "secretia@example.com", Phone = "07911 123456" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(created.Succeeded);
        var message = Assert.Single(logger.Messages);
        Assert.Contains("s***@example.com", message, StringComparison.Ordinal);
        Assert.Contains("+44*******456", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secretia", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("7911123456", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secretia", message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCustomerCore_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();
        services.AddCustomerCore().AddInMemoryStores();
        services.AddCustomerCore(o => o.DefaultRegion = "DE").AddInMemoryStores();

        Assert.Single(services, d => d.ServiceType == typeof(CustomerService));
        Assert.Single(services, d => d.ServiceType == typeof(Stores.ICustomerStore));
        var options = services.BuildServiceProvider().GetRequiredService<Microsoft.Extensions.Options.IOptions<CustomerCoreOptions>>();
        Assert.Equal("DE", options.Value.DefaultRegion);
    }

    private sealed class CapturingLogger : ILogger<CustomerService>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
