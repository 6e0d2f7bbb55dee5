using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace CustomerCore.EntityFrameworkCore;

/// <summary>
/// On SQLite, CustomerCore's tables whose rows are little more than their primary key (name rows, import batch
/// entries) are <c>WITHOUT ROWID</c> tables: the rows live in the primary key's B-tree itself. An ordinary SQLite table
/// with a composite key is two B-trees holding the same columns (the rows by row id, and the key's automatic index), so
/// every name row was written twice. EF Core cannot declare such a table, so these entity types carry
/// <see cref="Annotation"/> and <see cref="SqliteWithoutRowIdMigrationsSqlGenerator"/> ends their <c>CREATE TABLE</c>
/// with <c>WITHOUT ROWID</c>. Other databases ignore the annotation.
/// </summary>
internal static class SqliteWithoutRowIdTables
{
    /// <summary>The entity type annotation asking for the layout.</summary>
    public const string Annotation = "CustomerCore:SqliteWithoutRowId";

    /// <summary>Marks the entity type's table as one to create <c>WITHOUT ROWID</c> on SQLite.</summary>
    public static EntityTypeBuilder<T> IsWithoutRowIdOnSqlite<T>(this EntityTypeBuilder<T> builder)
        where T : class => builder.HasAnnotation(Annotation, true);

    /// <summary>
    /// Makes the context create the marked tables <c>WITHOUT ROWID</c> when it is on SQLite (and leaves any other
    /// provider as it is). The provider must already be chosen on <paramref name="options"/>; otherwise the tables are
    /// created as ordinary ones, which the stores handle the same way, only with more to write.
    /// </summary>
    public static void UseWhenSqlite(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // SqliteOptionsExtension is the only way to know the provider before the context exists; it lives in one of EF
        // Core's ".Internal" namespaces, which is why the analyzer warns. Should a later EF Core move it, this stops
        // matching and the tables are created as ordinary ones, which the adapter's layout test would report.
#pragma warning disable EF1001
        if (options.Options.Extensions.OfType<RelationalOptionsExtension>().FirstOrDefault()
            is Microsoft.EntityFrameworkCore.Sqlite.Infrastructure.Internal.SqliteOptionsExtension)
#pragma warning restore EF1001
        {
            options.ReplaceService<IMigrationsSqlGenerator, SqliteWithoutRowIdMigrationsSqlGenerator>();
        }
    }
}

/// <summary>
/// SQLite's migrations SQL generator, with <c>WITHOUT ROWID</c> after the <c>CREATE TABLE</c> of the tables marked by
/// <see cref="SqliteWithoutRowIdTables.Annotation"/> — whether the statement comes from <c>EnsureCreated</c>, a
/// migration, or one of SQLite's table rebuilds (which create the table again as <c>"ef_temp_" + name</c>).
/// </summary>
internal sealed class SqliteWithoutRowIdMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies, IRelationalAnnotationProvider annotations)
    : SqliteMigrationsSqlGenerator(dependencies, annotations)
{
    private const string RebuildPrefix = "ef_temp_";

    /// <inheritdoc />
    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        if (!IsWithoutRowId(operation, model))
        {
            base.Generate(operation, model, builder, terminate);
            return;
        }

        base.Generate(operation, model, builder, terminate: false);
        builder.Append(" WITHOUT ROWID");
        if (terminate)
        {
            builder.AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
            EndStatement(builder);
        }
    }

    private static bool IsWithoutRowId(CreateTableOperation operation, IModel? model)
    {
        var tables = model?.GetRelationalModel();
        var table = tables?.FindTable(operation.Name, operation.Schema)
            ?? (operation.Name.StartsWith(RebuildPrefix, StringComparison.Ordinal) ? tables?.FindTable(operation.Name[RebuildPrefix.Length..], operation.Schema) : null);
        return table is not null && table.EntityTypeMappings.Any(m => m.TypeBase[SqliteWithoutRowIdTables.Annotation] is true);
    }
}
