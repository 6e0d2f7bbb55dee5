using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ShopApp;

/// <summary>Lets `dotnet ef migrations add` build the context without running the app.</summary>
public sealed class ShopDbContextFactory : IDesignTimeDbContextFactory<ShopDbContext>
{
    public ShopDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ShopDbContext>().UseSqlite("Data Source=shop.db").UseCustomerCoreSqliteTables().Options);
}
