using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ShopApp;

/// <summary>The shop's container: its DbContext, with CustomerCore's services and EF Core stores on top.</summary>
public static class ShopServices
{
    public static ServiceProvider Build(string databaseFile)
    {
        var services = new ServiceCollection();
        services.AddDbContext<ShopDbContext>(db => db.UseSqlite($"Data Source={databaseFile}"));
        services.AddCustomerCore(o => o.DefaultRegion = "GB")
                .AddEntityFrameworkStores<ShopDbContext>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>Brings the database to the checked-in migrations, as the shop does on start-up.</summary>
    public static async Task MigrateAsync(IServiceProvider provider, CancellationToken cancellationToken = default)
    {
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Database.MigrateAsync(cancellationToken);
    }
}
