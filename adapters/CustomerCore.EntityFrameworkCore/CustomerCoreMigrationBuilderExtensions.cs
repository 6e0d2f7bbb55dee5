using System.Globalization;
using CustomerCore.EntityFrameworkCore;
using CustomerCore.EntityFrameworkCore.Configurations;

// In EF Core's migrations namespace, which every migration file already imports.
namespace Microsoft.EntityFrameworkCore.Migrations;

/// <summary>Data steps of CustomerCore upgrades, for the host's own migrations (schema changes come from the model).</summary>
public static class CustomerCoreMigrationBuilderExtensions
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
    private const string PostgreSqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>
    /// Adds the name pair keys (rows of the name words table that let a two-word name search seek its few customers
    /// instead of intersecting two word ranges) for every customer written by an adapter from before them (see the
    /// changelog), which did not write them. The schema does not change, so <c>dotnet ef migrations add</c> generates an empty migration:
    /// call this from its <c>Up</c>. Running it again adds nothing. Until it has run, a two-word search does not find
    /// an older customer whose names have not changed since; every other search is unaffected.
    /// </summary>
    /// <param name="migrationBuilder">The migration's builder (SQLite or PostgreSQL).</param>
    /// <param name="configure">The same schema and table prefix as given to <c>modelBuilder.AddCustomerCore</c>;
    /// the columns must keep CustomerCore's names.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="NotSupportedException">The migration targets a database other than SQLite or PostgreSQL.</exception>
    public static MigrationBuilder AddCustomerNamePairKeys(this MigrationBuilder migrationBuilder, Action<CustomerCoreModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var (table, postgres) = NameTable(migrationBuilder, configure);

        // The same keys as CustomerNameIndex.KeysFor: per customer, the distinct first three letters of its words of three
        // letters or more, paired in code point order ("C" on PostgreSQL), a prefix with itself when two words share
        // it; a customer with more than the paired maximum gets the one many-words row. Existing pair rows are skipped.
        var order = postgres ? " COLLATE \"C\"" : string.Empty;
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            WITH words AS (
                SELECT "MerchantId" AS m, "CustomerId" AS c, substr("Token", 1, {CustomerNameIndex.PairPrefixLength}) AS p, COUNT(*) AS n
                FROM {table}
                WHERE length("Token") >= {CustomerNameIndex.PairPrefixLength} AND substr("Token", 1, 1) <> ' '
                GROUP BY "MerchantId", "CustomerId", substr("Token", 1, {CustomerNameIndex.PairPrefixLength})),
            counted AS (SELECT m, c, COUNT(*) AS prefixes FROM words GROUP BY m, c)
            INSERT INTO {table} ("MerchantId", "CustomerId", "Token")
            SELECT a.m, a.c, ' ' || a.p || ' ' || b.p
            FROM words AS a
            JOIN words AS b ON b.m = a.m AND b.c = a.c AND (a.p{order} < b.p{order} OR (a.p = b.p AND a.n > 1))
            JOIN counted AS k ON k.m = a.m AND k.c = a.c
            WHERE k.prefixes <= {CustomerNameIndex.MaxPairedPrefixes}
            UNION ALL
            SELECT m, c, '{CustomerNameIndex.ManyWordsKey}' FROM counted WHERE prefixes > {CustomerNameIndex.MaxPairedPrefixes}
            ON CONFLICT DO NOTHING;
            """);
        migrationBuilder.Sql(sql);
        return migrationBuilder;
    }

    /// <summary>Removes the rows <see cref="AddCustomerNamePairKeys"/> adds, for the <c>Down</c> of the same migration.</summary>
    /// <param name="migrationBuilder">The migration's builder (SQLite or PostgreSQL).</param>
    /// <param name="configure">The same schema and table prefix as given to <c>modelBuilder.AddCustomerCore</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="NotSupportedException">The migration targets a database other than SQLite or PostgreSQL.</exception>
    public static MigrationBuilder DropCustomerNamePairKeys(this MigrationBuilder migrationBuilder, Action<CustomerCoreModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var (table, _) = NameTable(migrationBuilder, configure);
        migrationBuilder.Sql($"""DELETE FROM {table} WHERE substr("Token", 1, 1) = ' ';""");
        return migrationBuilder;
    }

    private static (string Table, bool PostgreSql) NameTable(MigrationBuilder migrationBuilder, Action<CustomerCoreModelOptions>? configure)
    {
        var postgres = migrationBuilder.ActiveProvider switch
        {
            SqliteProvider => false,
            PostgreSqlProvider => true,
            var other => throw new NotSupportedException($"CustomerCore's name index migration supports SQLite and PostgreSQL, not '{other}'."),
        };
        var options = new CustomerCoreModelOptions();
        configure?.Invoke(options);
        var table = Quote(options.TableName(CustomerNameTokenConfiguration.TableName));

        // SQLite has no schemas; its provider drops a configured one from table names, and so does this.
        return (postgres && options.Schema is { } schema ? $"{Quote(schema)}.{table}" : table, postgres);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
