using CustomerCore.DependencyInjection;
using CustomerCore.EntityFrameworkCore.Stores;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

// Placed in the framework's namespace, as ASP.NET Core Identity does, so the extension is found without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Entity Framework Core stores.</summary>
public static class EntityFrameworkCoreCustomerCoreBuilderExtensions
{
    /// <summary>
    /// Stores CustomerCore's data through <typeparamref name="TContext"/>, which the host registers itself
    /// (<c>services.AddDbContext&lt;TContext&gt;(...)</c>) and whose model includes CustomerCore
    /// (<see cref="CustomerCore.EntityFrameworkCore.CustomerCoreDbContext"/>, or <c>modelBuilder.AddCustomerCore()</c>).
    /// The stores and the <see cref="IStoreTransactionFactory"/> are scoped, like the DbContext; CustomerCore's own unit
    /// of work runs on that factory. Safe to call more than once. On SQLite, an interceptor added to
    /// <typeparamref name="TContext"/>'s options turns on <c>secure_delete</c> for every connection and truncates the
    /// write-ahead log after an erasure commits, so erased data leaves no readable copy in the files (see
    /// docs/security.md); it does nothing on other providers. When <typeparamref name="TContext"/> is registered on SQLite
    /// before this call, its options also get
    /// <see cref="CustomerCoreDbContextOptionsBuilderExtensions.UseCustomerCoreSqliteTables(DbContextOptionsBuilder)"/>.
    /// </summary>
    /// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
    public static CustomerCoreBuilder AddEntityFrameworkStores<TContext>(this CustomerCoreBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(EntityFrameworkCoreAmbientTransaction<TContext>)))
        {
            // Already added: the stores would be kept by TryAdd, but the interceptor would run twice.
            return builder;
        }

        // Registered with the lifetime the host chose for the options (pooled contexts need singleton options), or
        // AddDbContext's default when the host registers the context after this.
        var optionsLifetime = services.LastOrDefault(d => d.ServiceType == typeof(DbContextOptions<TContext>))?.Lifetime ?? ServiceLifetime.Scoped;
        services.ConfigureDbContext<TContext>(
            options =>
            {
                options.AddInterceptors(SqliteConnectionInterceptor.Instance);
                options.UseCustomerCoreSqliteTables();
            },
            optionsLifetime);
        services.TryAddSingleton<EntityFrameworkCoreAmbientTransaction<TContext>>();
        services.TryAddScoped<ICustomerStore, EntityFrameworkCoreCustomerStore<TContext>>();
        services.TryAddScoped<IConsentHistoryStore, EntityFrameworkCoreConsentHistoryStore<TContext>>();
        services.TryAddScoped<IStoreTransactionFactory, EntityFrameworkCoreTransactionFactory<TContext>>();
        services.TryAddScoped<ITicketLinkStore, EntityFrameworkCoreTicketLinkStore<TContext>>();
        services.TryAddScoped<ICustomerItemTotalStore, EntityFrameworkCoreCustomerItemTotalStore<TContext>>();
        services.TryAddScoped<ICustomerMergeStore, EntityFrameworkCoreCustomerMergeStore<TContext>>();
        services.TryAddScoped<ICustomerGroupStore, EntityFrameworkCoreCustomerGroupStore<TContext>>();
        services.TryAddScoped<ICreditLedgerStore, EntityFrameworkCoreCreditLedgerStore<TContext>>();
        services.TryAddScoped<IImportBatchStore, EntityFrameworkCoreImportBatchStore<TContext>>();
        services.TryAddScoped<IChangeFeedStore, EntityFrameworkCoreChangeFeedStore<TContext>>();
        services.TryAddScoped<IAuditTrailStore, EntityFrameworkCoreAuditTrailStore<TContext>>();
        return builder;
    }

    /// <summary>
    /// Registers <typeparamref name="TContext"/> with <paramref name="configureDbContext"/> (provider and connection)
    /// unless the host registered it already, then adds the stores as <see cref="AddEntityFrameworkStores{TContext}(CustomerCoreBuilder)"/> does.
    /// </summary>
    /// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
    public static CustomerCoreBuilder AddEntityFrameworkStores<TContext>(this CustomerCoreBuilder builder, Action<DbContextOptionsBuilder> configureDbContext)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureDbContext);
        builder.Services.AddDbContext<TContext>(configureDbContext);
        return builder.AddEntityFrameworkStores<TContext>();
    }
}
