using CustomerCore.EntityFrameworkCore;
using CustomerCore.Importing;
using CustomerCore.Sample.Console;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Benchmarks;

/// <summary>CustomerCore wired to one SQLite file, as a vendor's host would wire it.</summary>
internal static class SqliteDirectory
{
    public static readonly MerchantId Merchant = new("bench");

    public static async Task<ServiceProvider> OpenAsync(string database)
    {
        var services = new ServiceCollection();
        services.AddCustomerCore(o => o.DefaultRegion = "US")
            .AddEntityFrameworkStores<CustomerCoreDbContext>(db => db.UseSqlite($"Data Source={database}"));
        var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Database.EnsureCreatedAsync();
        return provider;
    }

    /// <summary>
    /// A directory of <paramref name="customers"/> generated customers loaded through the importer. Built once per size
    /// and kept in the temp folder: loading takes far longer than the lookups, and every benchmark process reuses it.
    /// </summary>
    public static async Task<string> PrebuiltAsync(int customers)
    {
        // The name changes with the rows the adapter writes for the same customers (here: name pair and visit keys), so
        // a file from an earlier build is never reused.
        var database = Path.Combine(Path.GetTempPath(), $"customercore-bench-directory-{customers}-visitkeys.db");
        if (File.Exists(database))
        {
            return database;
        }

        var building = database + ".building";
        var csv = database + ".csv";
        File.Delete(building);
        BenchWorkload.WriteCsv(csv, customers);
        await using (var services = await OpenAsync(building))
        {
            using var scope = services.CreateScope();
            await using var input = File.OpenRead(csv);
            var result = await scope.ServiceProvider.GetRequiredService<CustomerImporter>()
                .ApplyAsync(Merchant, input, new CustomerImportOptions { MaxReportedRows = 0 });
            if (!result.Succeeded || result.Value!.Created != customers)
            {
                throw new InvalidOperationException("Loading the benchmark directory failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
            }
        }

        SqliteConnection.ClearAllPools();
        File.Delete(csv);
        File.Move(building, database);
        return database;
    }
}
