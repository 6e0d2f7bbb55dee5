using System.Globalization;
using CustomerCore.EntityFrameworkCore;
using CustomerCore.EntityFrameworkCore.Configurations;
using CustomerCore.EntityFrameworkCore.Stores;

// In EF Core's migrations namespace, which every migration file already imports.
namespace Microsoft.EntityFrameworkCore.Migrations;

/// <summary>Data steps of CustomerCore upgrades, for the host's own migrations (schema changes come from the model).</summary>
public static class CustomerCoreMigrationBuilderExtensions
{
    /// <summary>
    /// Adds the name pair keys (rows of the name words table that let a two-word name search read a short range, in name
    /// order, instead of intersecting two word ranges) for every customer written by an adapter from before them (see
    /// the changelog). The schema does not change, so <c>dotnet ef migrations add</c> generates an empty migration: call
    /// this from its <c>Up</c>. Running it again adds nothing. Until it has run, a two-word search does not find an
    /// older customer whose names have not changed since; every other search is unaffected.
    /// </summary>
    /// <param name="migrationBuilder">The migration's builder (SQLite or PostgreSQL).</param>
    /// <param name="configure">The same schema and table prefix as given to <c>modelBuilder.AddCustomerCore</c>;
    /// the columns must keep CustomerCore's names.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="NotSupportedException">The migration targets a database other than SQLite or PostgreSQL.</exception>
    public static MigrationBuilder AddCustomerNamePairKeys(this MigrationBuilder migrationBuilder, Action<CustomerCoreModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var s = Schema(migrationBuilder, configure);

        // The same keys as CustomerNameIndex.KeysFor: per customer, the distinct first three letters of its words of three
        // letters or more, paired in code point order ("C" on PostgreSQL), a prefix with itself when two words share
        // it, each pair followed by the customer's first two name words; a customer with more than the paired maximum of
        // prefixes, or too long a name for the longest key, gets the one many-words row. Existing rows are skipped.
        var order = s.PostgreSql ? " COLLATE \"C\"" : string.Empty;
        var manyWords = $"k.prefixes > {CustomerNameIndex.MaxPairedPrefixes} OR length(k.name) + {CustomerNameIndex.VisitPartLength} > {CustomerNameTokenConfiguration.TokenMaxLength}";
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            WITH words AS (
                SELECT {s.TokenMerchant} AS m, {s.TokenCustomer} AS c, substr({s.Token}, 1, {CustomerNameIndex.PairPrefixLength}) AS p, COUNT(*) AS n
                FROM {s.Tokens}
                WHERE length({s.Token}) >= {CustomerNameIndex.PairPrefixLength} AND substr({s.Token}, 1, 1) <> ' '
                GROUP BY {s.TokenMerchant}, {s.TokenCustomer}, substr({s.Token}, 1, {CustomerNameIndex.PairPrefixLength})),
            named AS (
                SELECT w.m, w.c, COUNT(*) AS prefixes, {s.SortName("x")} AS name
                FROM words AS w
                JOIN {s.Customers} AS x ON x.{s.CustomerMerchant} = w.m AND x.{s.CustomerId} = w.c
                GROUP BY w.m, w.c, x.{s.NameTokens})
            INSERT INTO {s.Tokens} ({s.TokenMerchant}, {s.TokenCustomer}, {s.Token})
            SELECT a.m, a.c, ' ' || a.p || ' ' || b.p || ' ' || k.name
            FROM words AS a
            JOIN words AS b ON b.m = a.m AND b.c = a.c AND (a.p{order} < b.p{order} OR (a.p = b.p AND a.n > 1))
            JOIN named AS k ON k.m = a.m AND k.c = a.c
            WHERE NOT ({manyWords})
            UNION ALL
            SELECT k.m, k.c, '{CustomerNameIndex.ManyWordsKey}' FROM named AS k
            WHERE {manyWords}
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
        var schema = Schema(migrationBuilder, configure);
        migrationBuilder.Sql($"DELETE FROM {schema.Tokens} WHERE substr({schema.Token}, 1, 1) = ' ';");
        return migrationBuilder;
    }

    /// <summary>
    /// Writes the name visit keys (rows of the name words table that hand a one-word name search its first page in till
    /// order: latest visit, then name) of every customer, from its name words and its tickets. The schema does not
    /// change, so <c>dotnet ef migrations add</c> generates an empty migration: call this from its <c>Up</c>, after
    /// <see cref="AddCustomerNamePairKeys"/> (which marks the customers with too many words). Running it again rewrites
    /// the same keys. Until it has run, a one-word search of three letters or more does not find a customer written by an
    /// adapter from before them whose names and visits have not changed since; every other search is unaffected.
    /// </summary>
    /// <param name="migrationBuilder">The migration's builder (SQLite or PostgreSQL).</param>
    /// <param name="configure">The same schema and table prefix as given to <c>modelBuilder.AddCustomerCore</c>;
    /// the columns must keep CustomerCore's names.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="NotSupportedException">The migration targets a database other than SQLite or PostgreSQL.</exception>
    public static MigrationBuilder AddCustomerNameVisitKeys(this MigrationBuilder migrationBuilder, Action<CustomerCoreModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(CustomerVisitKeys.Sql(Schema(migrationBuilder, configure)));
        return migrationBuilder;
    }

    /// <summary>Removes the rows <see cref="AddCustomerNameVisitKeys"/> adds, for the <c>Down</c> of the same migration.</summary>
    /// <param name="migrationBuilder">The migration's builder (SQLite or PostgreSQL).</param>
    /// <param name="configure">The same schema and table prefix as given to <c>modelBuilder.AddCustomerCore</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="NotSupportedException">The migration targets a database other than SQLite or PostgreSQL.</exception>
    public static MigrationBuilder DropCustomerNameVisitKeys(this MigrationBuilder migrationBuilder, Action<CustomerCoreModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var schema = Schema(migrationBuilder, configure);
        migrationBuilder.Sql($"DELETE FROM {schema.Tokens} WHERE {CustomerVisitKeys.IsVisitKey(schema)};");
        return migrationBuilder;
    }

    /// <summary>CustomerCore's table and column names for the migration's provider, with the host's prefix and schema.</summary>
    private static NameKeySchema Schema(MigrationBuilder migrationBuilder, Action<CustomerCoreModelOptions>? configure)
    {
        var postgres = migrationBuilder.ActiveProvider switch
        {
            DatabaseProviders.Sqlite => false,
            DatabaseProviders.PostgreSql => true,
            var other => throw new NotSupportedException($"CustomerCore's name index migration supports SQLite and PostgreSQL, not '{other}'."),
        };
        var options = new CustomerCoreModelOptions();
        configure?.Invoke(options);

        // SQLite has no schemas; its provider drops a configured one from table names, and so does this.
        string Table(string name) => postgres && options.Schema is { } schema
            ? $"{Quote(schema)}.{Quote(options.TableName(name))}"
            : Quote(options.TableName(name));
        return NameKeySchema.Default(postgres, Table);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
