using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CustomerCore.Sample.Web.Data;

/// <summary>Lets `dotnet ef migrations add --context SqliteBackOfficeDbContext` build the context without the app.</summary>
public sealed class SqliteBackOfficeDbContextFactory : IDesignTimeDbContextFactory<SqliteBackOfficeDbContext>
{
    /// <inheritdoc />
    public SqliteBackOfficeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBackOfficeDbContext>().UseSqlite("Data Source=" + BackOfficeDatabase.DefaultSqliteFile).UseCustomerCoreSqliteTables().Options);
}

/// <summary>Lets `dotnet ef migrations add --context PostgreSqlBackOfficeDbContext` build the context; no server is contacted.</summary>
public sealed class PostgreSqlBackOfficeDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlBackOfficeDbContext>
{
    /// <inheritdoc />
    public PostgreSqlBackOfficeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlBackOfficeDbContext>().UseNpgsql("Host=localhost;Database=backoffice").Options);
}
