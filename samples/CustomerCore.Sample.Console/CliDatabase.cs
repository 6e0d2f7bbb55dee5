using CustomerCore.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Sample.Console;

// Migrations are provider-specific (column types, identity columns), so each provider has its own context type and its
// own migrations folder; both carry the same CustomerCore model.

/// <summary>The CLI's database on a SQLite file; migrations in Migrations/Sqlite.</summary>
internal sealed class CliSqliteDbContext(DbContextOptions<CliSqliteDbContext> options) : CustomerCoreDbContext(options);

/// <summary>The CLI's database on PostgreSQL; migrations in Migrations/PostgreSql.</summary>
internal sealed class CliPostgreSqlDbContext(DbContextOptions<CliPostgreSqlDbContext> options) : CustomerCoreDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add NAME --context CliSqliteDbContext</c> build the context without a database.</summary>
internal sealed class CliSqliteDbContextFactory : IDesignTimeDbContextFactory<CliSqliteDbContext>
{
    public CliSqliteDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CliSqliteDbContext>().UseSqlite("Data Source=design-time.db").UseCustomerCoreSqliteTables().Options);
}

/// <summary>Lets <c>dotnet ef migrations add NAME --context CliPostgreSqlDbContext</c> build the context without a server.</summary>
internal sealed class CliPostgreSqlDbContextFactory : IDesignTimeDbContextFactory<CliPostgreSqlDbContext>
{
    public CliPostgreSqlDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CliPostgreSqlDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}

/// <summary>Brings the CLI's database to this build's schema with the checked-in migrations (docs/cli.md, "Database upgrades").</summary>
internal static class CliDatabase
{
    /// <summary>
    /// Applies the migrations this build has and the database lacks. A database that is already current is only read:
    /// a till command must not queue for SQLite's write lock behind an import just to learn that nothing is pending.
    /// A database made by the last build that created its schema without migrations is adopted when its tables and
    /// columns are exactly this build's first migration; any other older one gets the clear "made by an older build" error.
    /// </summary>
    public static async Task UpgradeAsync(CustomerCoreDbContext context, CancellationToken cancellationToken)
    {
        var database = context.Database;
        var known = database.GetMigrations().ToList();
        if (await database.CanConnectAsync(cancellationToken) && await HasTablesAsync(context, cancellationToken))
        {
            var applied = (await database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            if (applied.Count == 0)
            {
                await AdoptSchemaWithoutHistoryAsync(context, known[0], cancellationToken);
                applied.Add(known[0]);
            }

            if (known.All(applied.Contains))
            {
                return;
            }
        }

        await database.MigrateAsync(cancellationToken);
    }

    private static async Task<bool> HasTablesAsync(CustomerCoreDbContext context, CancellationToken cancellationToken)
    {
        var customers = context.Model.FindEntityType(typeof(Customers.Customer))!.GetTableName()!;
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = context.Database.IsSqlite()
                ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name"
                : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@name";
            parameter.Value = customers;
            command.Parameters.Add(parameter);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    // Builds before migrations created the schema with EnsureCreated, which writes no history. If the file's tables and
    // columns are exactly those of the first migration, it is that schema: record the migration as applied, and later
    // migrations upgrade it like any other. Anything else is a file from an even older build, which cannot be upgraded.
    private static async Task AdoptSchemaWithoutHistoryAsync(CustomerCoreDbContext context, string firstMigration, CancellationToken cancellationToken)
    {
        var expected = ColumnsOf(context.GetService<IMigrationsAssembly>().Migrations[firstMigration]);
        var actual = await ColumnsOfDatabaseAsync(context, cancellationToken);
        if (!expected.SetEquals(actual))
        {
            throw new OlderSchemaException();
        }

        var history = context.GetService<IHistoryRepository>();
        await context.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
        await context.Database.ExecuteSqlRawAsync(
            history.GetInsertScript(new HistoryRow(firstMigration, ProductInfo.GetVersion())), cancellationToken);
    }

    private static HashSet<string> ColumnsOf(System.Reflection.TypeInfo migrationType)
    {
        var migration = (Migration)Activator.CreateInstance(migrationType.AsType())!;
        return migration.UpOperations.OfType<Microsoft.EntityFrameworkCore.Migrations.Operations.CreateTableOperation>()
            .SelectMany(table => table.Columns.Select(column => table.Name + "." + column.Name))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<HashSet<string>> ColumnsOfDatabaseAsync(CustomerCoreDbContext context, CancellationToken cancellationToken)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = context.Database.IsSqlite()
                ? """
                  SELECT t.name, c.name FROM sqlite_master AS t, pragma_table_info(t.name) AS c
                  WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' AND t.name NOT LIKE '__EFMigrations%'
                  """
                : """
                  SELECT table_name, column_name FROM information_schema.columns
                  WHERE table_schema = current_schema() AND table_name NOT LIKE '__EFMigrations%'
                  """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(reader.GetString(0) + "." + reader.GetString(1));
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }

        return columns;
    }
}

/// <summary>The database has CustomerCore tables but neither a migration history nor the first migration's schema.</summary>
internal sealed class OlderSchemaException()
    : Exception("The database was made by an older build of this sample whose schema cannot be upgraded.");
