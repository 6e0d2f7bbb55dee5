using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Sample.Console;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CustomerCore.Samples.Tests;

/// <summary>
/// The CLI's schema comes from its checked-in migrations: they match the model of each provider, a fresh file gets the
/// same schema EnsureCreated would make, and a file made by a build from before migrations is upgraded, not refused.
/// </summary>
public sealed class CliDatabaseUpgradeTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>, IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    private static CliSqliteDbContext Sqlite(string file) =>
        new(new DbContextOptionsBuilder<CliSqliteDbContext>().UseSqlite(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()).UseCustomerCoreSqliteTables().Options);

    [Fact]
    public void TheCheckedInMigrations_MatchTheModel_OfEachProvider()
    {
        using var sqlite = Sqlite(":memory:");
        using var postgres = new CliPostgreSqlDbContext(new DbContextOptionsBuilder<CliPostgreSqlDbContext>().UseNpgsql("Host=localhost").Options);

        Assert.False(sqlite.Database.HasPendingModelChanges(), "the SQLite model changed without a migration in samples/CustomerCore.Sample.Console/Migrations/Sqlite");
        Assert.False(postgres.Database.HasPendingModelChanges(), "the PostgreSQL model changed without a migration in samples/CustomerCore.Sample.Console/Migrations/PostgreSql");
    }

    [Fact]
    public async Task AFreshFile_GetsTheSchemaEnsureCreatedWouldMake_AndItsMigrationHistory()
    {
        var added = await _cli.RunAsync("customers", "add", "--first", "Fresh");
        Assert.True(added.ExitCode == 0, added.ToString());
        var reference = Path.Combine(_cli.WorkingDirectory, "reference.db");
        await using (var context = Sqlite(reference))
        {
            await context.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        }

        var migrated = Path.Combine(_cli.WorkingDirectory, CliHost.DefaultDatabase);
        Assert.Equal(SchemaOf(reference), SchemaOf(migrated));
        Assert.Contains("CustomerNameTokens without rowid=1", SchemaOf(migrated));
        Assert.Contains("ImportBatchEntries without rowid=1", SchemaOf(migrated));
        Assert.Contains("Customers index IX_Customers_MerchantId_GroupId_Id unique=0 partial=1 (MerchantId, GroupId, Id)", SchemaOf(migrated));
        Assert.Equal("wal", Scalar(migrated, "PRAGMA journal_mode"));
        Assert.NotEqual(0L, Scalar(migrated, "SELECT count(*) FROM __EFMigrationsHistory"));
    }

    [Fact]
    public async Task AFileMadeBeforeMigrations_IsAdoptedAndKeepsItsCustomers()
    {
        var added = await _cli.RunAsync("--json", "customers", "add", "--first", "Legacy", "--email", "legacy@example.com");
        Assert.True(added.ExitCode == 0, added.ToString());
        var file = Path.Combine(_cli.WorkingDirectory, CliHost.DefaultDatabase);
        // What a build from before migrations left behind: the same tables, no history.
        Execute(file, "DROP TABLE __EFMigrationsHistory");

        var found = await _cli.RunAsync("--json", "customers", "find", "legacy@example.com");
        var second = await _cli.RunAsync("customers", "add", "--first", "After");

        Assert.True(found.ExitCode == 0, found.ToString());
        Assert.Equal(added.Json().GetProperty("id").GetString(), Assert.Single(found.Json().EnumerateArray()).GetProperty("id").GetString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.NotEqual(0L, Scalar(file, "SELECT count(*) FROM __EFMigrationsHistory"));
    }

    [Fact]
    public async Task AFileFromBeforeNamePairAndVisitKeys_GetsThem_SoOneAndTwoWordSearchesFindItsCustomers()
    {
        var added = await _cli.RunAsync("--json", "customers", "add", "--first", "Alex", "--last", "Abridge");
        Assert.True(added.ExitCode == 0, added.ToString());
        var file = Path.Combine(_cli.WorkingDirectory, CliHost.DefaultDatabase);
        // What the build before the name pair keys left behind: name words only, and no record of those migrations.
        Execute(file, "DELETE FROM CustomerNameTokens WHERE substr(Token, 1, 1) = ' '; DELETE FROM __EFMigrationsHistory WHERE MigrationId LIKE '%_NamePairKeys' OR MigrationId LIKE '%_NameVisitKeys'");

        var found = await _cli.RunAsync("--json", "customers", "find", "ale abr");
        var oneWord = await _cli.RunAsync("--json", "customers", "find", "abr");

        var id = added.Json().GetProperty("id").GetString();
        Assert.True(found.ExitCode == 0, found.ToString());
        Assert.Equal(id, Assert.Single(found.Json().EnumerateArray()).GetProperty("id").GetString());
        Assert.True(oneWord.ExitCode == 0, oneWord.ToString());
        Assert.Equal(id, Assert.Single(oneWord.Json().EnumerateArray()).GetProperty("id").GetString());

        // One pair key and one visit key per three-letter start ("abr", "ale").
        Assert.Equal(3L, Scalar(file, "SELECT count(*) FROM CustomerNameTokens WHERE substr(Token, 1, 1) = ' '"));
        Assert.Equal(2L, Scalar(file, "SELECT count(*) FROM CustomerNameTokens WHERE substr(Token, 5, 1) = '#'"));
    }

    [Fact]
    public async Task AFileFromBeforeKeyRowsWithoutRowIds_IsRebuilt_AndKeepsItsNameRowsAndBatchEntries()
    {
        var added = await _cli.RunAsync("--json", "customers", "add", "--first", "Alex", "--last", "Abridge");
        Assert.True(added.ExitCode == 0, added.ToString());
        var csv = Path.Combine(_cli.WorkingDirectory, "people.csv");
        await File.WriteAllTextAsync(csv, "First Name,Email\nImported,imported@example.com\n", TestContext.Current.CancellationToken);
        Assert.Equal(0, (await _cli.RunAsync("import", csv)).ExitCode);
        var file = Path.Combine(_cli.WorkingDirectory, CliHost.DefaultDatabase);

        // The layout the builds before these migrations made: their own Down steps take the file back there.
        await using (var context = Sqlite(file))
        {
            await context.Database.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>()
                .MigrateAsync("20261204210000_NameVisitKeys", TestContext.Current.CancellationToken);
        }

        var before = SchemaOf(file);
        var nameRows = Scalar(file, "SELECT count(*) FROM CustomerNameTokens");
        var found = await _cli.RunAsync("--json", "customers", "find", "ale abr");

        Assert.Contains("CustomerNameTokens without rowid=0", before);
        Assert.Contains("Customers index IX_Customers_MerchantId_GroupId_Id unique=0 partial=0 (MerchantId, GroupId, Id)", before);
        Assert.True(found.ExitCode == 0, found.ToString());
        Assert.Equal(added.Json().GetProperty("id").GetString(), Assert.Single(found.Json().EnumerateArray()).GetProperty("id").GetString());
        var after = SchemaOf(file);
        Assert.Contains("CustomerNameTokens without rowid=1", after);
        Assert.Contains("ImportBatchEntries without rowid=1", after);
        Assert.Contains("Customers index IX_Customers_MerchantId_GroupId_Id unique=0 partial=1 (MerchantId, GroupId, Id)", after);
        Assert.Equal(nameRows, Scalar(file, "SELECT count(*) FROM CustomerNameTokens"));
        Assert.Equal(1L, Scalar(file, "SELECT count(*) FROM ImportBatchEntries"));
    }

    [Fact]
    public async Task AFileOlderThanThat_IsRefusedWithOneLine_AndLeftAsItWas()
    {
        var added = await _cli.RunAsync("customers", "add", "--first", "Ancient");
        Assert.True(added.ExitCode == 0, added.ToString());
        var file = Path.Combine(_cli.WorkingDirectory, CliHost.DefaultDatabase);
        Execute(file, "DROP TABLE __EFMigrationsHistory; ALTER TABLE Customers DROP COLUMN Preferences");
        var before = SchemaOf(file);

        var refused = await _cli.RunAsync("customers", "find", "Ancient");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("older build", refused.Err, StringComparison.Ordinal);
        Assert.Single(refused.Err.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", refused.Err, StringComparison.Ordinal);
        Assert.Equal(before, SchemaOf(file));
    }

    [Fact]
    public async Task APostgreSqlDatabaseMadeBeforeMigrations_IsAdopted()
    {
        server.Require();
        var database = await server.DatabaseAsync("cli_pre_migrations");
        await using (var context = new CliPostgreSqlDbContext(new DbContextOptionsBuilder<CliPostgreSqlDbContext>().UseNpgsql(database).Options))
        {
            await context.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        }

        var added = await _cli.RunAsync("--db", database, "customers", "add", "--first", "Adopted");
        var again = await _cli.RunAsync("--json", "--db", database, "customers", "find", "Adopted");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Single(again.Json().EnumerateArray());
    }

    private static void Execute(string file, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(string file, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    // Tables (with or without row ids), columns (type, not null, key), indexes (unique, partial, columns) and foreign
    // keys, in a stable order.
    private static List<string> SchemaOf(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        var schema = new List<string>();
        var tables = Rows(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%'");
        foreach (var table in tables.Select(t => t[0]))
        {
            schema.AddRange(Rows(connection, $"SELECT wr FROM pragma_table_list('{table}')").Select(t => $"{table} without rowid={t[0]}"));
            schema.AddRange(Rows(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')").Select(c => $"{table} column {string.Join(' ', c)}"));
            foreach (var index in Rows(connection, $"SELECT name, \"unique\", \"partial\" FROM pragma_index_list('{table}')"))
            {
                var columns = Rows(connection, $"SELECT name FROM pragma_index_info('{index[0]}') ORDER BY seqno").Select(c => c[0]);
                schema.Add($"{table} index {index[0]} unique={index[1]} partial={index[2]} ({string.Join(", ", columns)})");
            }

            schema.AddRange(Rows(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')").Select(f => $"{table} fk {string.Join(' ', f)}"));
        }

        schema.Sort(StringComparer.Ordinal);
        return schema;
    }

    private static List<string[]> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "")]);
        }

        return rows;
    }
}
