using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>Which database a context talks to, for the few paths that are written per database.</summary>
internal static class DatabaseProviders
{
    private const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";
    private const string PostgreSql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public static bool IsSqlite(DbContext context) => string.Equals(context.Database.ProviderName, Sqlite, StringComparison.Ordinal);

    public static bool IsPostgreSql(DbContext context) => string.Equals(context.Database.ProviderName, PostgreSql, StringComparison.Ordinal);
}
