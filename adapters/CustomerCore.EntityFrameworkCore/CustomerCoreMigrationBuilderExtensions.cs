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

    /// <summary>
    /// On SQLite, rebuilds the name rows and import batch entries as <c>WITHOUT ROWID</c> tables, the layout CustomerCore
    /// creates them in from this version on (see the changelog and
    /// <see cref="Microsoft.EntityFrameworkCore.CustomerCoreDbContextOptionsBuilderExtensions.UseCustomerCoreSqliteTables"/>).
    /// The columns do not change, so <c>dotnet ef migrations add</c> generates an empty migration: call this from its
    /// <c>Up</c>. Each table is created again under a temporary name, filled in key order, swapped in and indexed, inside
    /// the migration's transaction; nothing refers to either table, so no foreign key is disturbed. Does nothing on other
    /// databases.
    /// </summary>
    /// <param name="migrationBuilder">The migration's builder.</param>
    /// <param name="configure">The same table prefix and key collation as given to <c>modelBuilder.AddCustomerCore</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static MigrationBuilder StoreCustomerCoreKeyRowsWithoutRowId(this MigrationBuilder migrationBuilder, Action<CustomerCoreModelOptions>? configure = null) =>
        RebuildKeyRowTables(migrationBuilder, configure, " WITHOUT ROWID");

    /// <summary>Rebuilds the tables <see cref="StoreCustomerCoreKeyRowsWithoutRowId"/> rebuilt as ordinary tables again,
    /// for the <c>Down</c> of the same migration. Does nothing on other databases.</summary>
    /// <param name="migrationBuilder">The migration's builder.</param>
    /// <param name="configure">The same table prefix and key collation as given to <c>modelBuilder.AddCustomerCore</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static MigrationBuilder StoreCustomerCoreKeyRowsWithRowId(this MigrationBuilder migrationBuilder, Action<CustomerCoreModelOptions>? configure = null) =>
        RebuildKeyRowTables(migrationBuilder, configure, string.Empty);

    // The definitions EF Core gives these tables on SQLite (every column TEXT but the version), written out because a
    // migration has no model to generate them from.
    private static MigrationBuilder RebuildKeyRowTables(MigrationBuilder migrationBuilder, Action<CustomerCoreModelOptions>? configure, string layout)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        if (migrationBuilder.ActiveProvider != DatabaseProviders.Sqlite)
        {
            return migrationBuilder;
        }

        var options = new CustomerCoreModelOptions();
        configure?.Invoke(options);
        var tokens = options.TableName(CustomerNameTokenConfiguration.TableName);
        var customers = options.TableName(CustomerConfiguration.TableName);
        var entries = options.TableName(ImportBatchEntryConfiguration.TableName);
        var batches = options.TableName(ImportBatchConfiguration.TableName);
        var collate = options.KeyCollation is { } collation ? " COLLATE " + Quote(collation) : string.Empty;

        Rebuild(tokens, $"""
            "CustomerId" TEXT NOT NULL,
            "MerchantId" TEXT NOT NULL,
            "Token" TEXT{collate} NOT NULL,
            CONSTRAINT {Quote("PK_" + tokens)} PRIMARY KEY ("MerchantId", "CustomerId", "Token"),
            CONSTRAINT {Quote($"FK_{tokens}_{customers}_MerchantId_CustomerId")} FOREIGN KEY ("MerchantId", "CustomerId") REFERENCES {Quote(customers)} ("MerchantId", "Id") ON DELETE CASCADE
            """, "\"CustomerId\", \"MerchantId\", \"Token\"", "\"MerchantId\", \"CustomerId\", \"Token\"");
        migrationBuilder.Sql($"CREATE INDEX {Quote($"IX_{tokens}_MerchantId_Token_CustomerId")} ON {Quote(tokens)} (\"MerchantId\", \"Token\", \"CustomerId\");");
        Rebuild(entries, $"""
            "BatchId" TEXT NOT NULL,
            "MerchantId" TEXT NOT NULL,
            "CustomerId" TEXT NOT NULL,
            "Change" TEXT NOT NULL,
            "VersionAfter" INTEGER NOT NULL,
            "BeforeImage" TEXT NULL,
            CONSTRAINT {Quote("PK_" + entries)} PRIMARY KEY ("MerchantId", "BatchId", "CustomerId"),
            CONSTRAINT {Quote($"FK_{entries}_{batches}_MerchantId_BatchId")} FOREIGN KEY ("MerchantId", "BatchId") REFERENCES {Quote(batches)} ("MerchantId", "Id") ON DELETE CASCADE
            """, "\"BatchId\", \"MerchantId\", \"CustomerId\", \"Change\", \"VersionAfter\", \"BeforeImage\"", "\"MerchantId\", \"BatchId\", \"CustomerId\"");
        return migrationBuilder;

        void Rebuild(string table, string definition, string columns, string key)
        {
            var temporary = Quote("ef_temp_" + table);
            migrationBuilder.Sql($"CREATE TABLE {temporary} (\n{definition}\n){layout};");
            migrationBuilder.Sql($"INSERT INTO {temporary} ({columns}) SELECT {columns} FROM {Quote(table)} ORDER BY {key};");
            migrationBuilder.Sql($"DROP TABLE {Quote(table)};");
            migrationBuilder.Sql($"ALTER TABLE {temporary} RENAME TO {Quote(table)};");
        }
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
