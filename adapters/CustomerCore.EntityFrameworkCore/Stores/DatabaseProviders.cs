using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>Which database a context talks to, for the few paths that are written per database.</summary>
internal static class DatabaseProviders
{
    /// <summary>EF Core's name for the SQLite provider (<c>DatabaseFacade.ProviderName</c>, <c>MigrationBuilder.ActiveProvider</c>).</summary>
    public const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>EF Core's name for the PostgreSQL provider.</summary>
    public const string PostgreSql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    // EF Core builds a model per provider, so the model identifies it; DatabaseFacade.ProviderName reads the provider
    // assembly's name on every call, which profiling found in every till search.
    private static readonly ConditionalWeakTable<IModel, string> ProviderNames = new();

    public static bool IsSqlite(DbContext context) => string.Equals(ProviderName(context), Sqlite, StringComparison.Ordinal);

    public static bool IsPostgreSql(DbContext context) => string.Equals(ProviderName(context), PostgreSql, StringComparison.Ordinal);

    private static string ProviderName(DbContext context) =>
        ProviderNames.GetValue(context.Model, _ => context.Database.ProviderName ?? string.Empty);
}
