using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Inserts many new rows of one entity type with one statement per call, on SQLite and PostgreSQL. On SQLite the rows
/// travel as a single binary JSON parameter (<see cref="SqliteJsonbRows"/>) that SQLite unpacks itself
/// (<c>INSERT … SELECT … FROM jsonb_each(…)</c>); on
/// PostgreSQL they stream through one binary <c>COPY</c> (<see cref="PostgreSqlBinaryCopy"/>). Binding every column of
/// every row as its own parameter (or tracking every row as an entity) costs several times more than the database's own
/// work of storing the row, so a bulk import pays it once per chunk instead. Columns and conversions come from the EF
/// model and each value is written as the ADO.NET provider would send it, so the rows are stored exactly as
/// <c>SaveChanges</c> stores them (tests compare every column on both databases). On SQLite, entity types with a column
/// the JSON cannot represent (binary, floating point), as a vendor's conventions might make them, are saved through
/// <c>SaveChanges</c> instead.
/// </summary>
internal static class SetBasedRowInserter
{
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<Type, Plan?>> Plans = new();

    /// <summary>Inserts <paramref name="rows"/>; returns false, having written nothing, when the database is neither
    /// SQLite nor PostgreSQL or the entity type has a column this inserter cannot represent (the caller then saves the
    /// rows through <c>SaveChanges</c>).</summary>
    public static async Task<bool> TryInsertAsync<T>(DbContext context, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return true;
        }

        if (!(DatabaseProviders.IsSqlite(context) || DatabaseProviders.IsPostgreSql(context)) || PlanFor(context, typeof(T)) is not { } plan)
        {
            return false;
        }

        if (plan.PostgreSql)
        {
            await PostgreSqlBinaryCopy.WriteAsync(context, plan.Sql, plan.Columns, rows, cancellationToken).ConfigureAwait(false);
            return true;
        }

        var encoded = SqliteJsonbRows.Encode(rows, plan.Columns);
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = plan.Sql;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "$rows";
            parameter.Value = encoded;
            command.Parameters.Add(parameter);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        return true;
    }

    private static Plan? PlanFor(DbContext context, Type type) =>
        Plans.GetOrCreateValue(context.Model).GetOrAdd(type, static (t, ctx) => BuildPlan(ctx, t), context);

    private static Plan? BuildPlan(DbContext context, Type type)
    {
        var entityType = context.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = Columns(entityType, table);
        var sql = context.GetService<ISqlGenerationHelper>();
        var into = $"{sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))})";
        if (DatabaseProviders.IsPostgreSql(context))
        {
            // Binary COPY carries every type the provider maps, as Npgsql sends it for SaveChanges.
            return new Plan($"COPY {into} FROM STDIN (FORMAT BINARY)", columns, PostgreSql: true);
        }

        if (columns.Any(c => !IsRepresentable(ProviderType(c))))
        {
            return null;
        }

        var values = string.Join(", ", columns.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"value ->> '{SqliteJsonbRows.ColumnPath(i)}'")));
        return new Plan($"INSERT INTO {into} SELECT {values} FROM jsonb_each($rows)", columns, PostgreSql: false);
    }

    private static Type ProviderType(Column column) => column.Mapping.Converter?.ProviderClrType ?? column.Mapping.ClrType;

    private static bool IsRepresentable(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly)
            || type == typeof(TimeOnly) || type == typeof(decimal) || type == typeof(bool) || type == typeof(long) || type == typeof(int)
            || type == typeof(short) || type == typeof(byte) || type == typeof(char);
    }

    private sealed record Plan(string Sql, IReadOnlyList<Column> Columns, bool PostgreSql);

    /// <summary>The stored columns of an entity type, in the one order both this inserter and
    /// <see cref="EntityRowReader"/> use: its own properties, then each complex property's. Each says how to read its
    /// value from an entity.</summary>
    public static List<Column> Columns(IEntityType entityType, StoreObjectIdentifier table)
    {
        var columns = new List<Column>();
        foreach (var property in entityType.GetProperties().Where(p => !p.IsShadowProperty()))
        {
            var getter = property.GetGetter();
            columns.Add(new Column(property.GetColumnName(table)!, property.GetRelationalTypeMapping(), property.IsNullable, getter.GetClrValueUsingContainingEntity, property, null));
        }

        foreach (var complex in entityType.GetComplexProperties())
        {
            var complexGetter = complex.GetGetter();
            foreach (var property in complex.ComplexType.GetProperties())
            {
                var getter = property.GetGetter();
                columns.Add(new Column(
                    property.GetColumnName(table)!,
                    property.GetRelationalTypeMapping(),
                    property.IsNullable || complex.IsNullable,
                    entity => complexGetter.GetClrValueUsingContainingEntity(entity) is { } value ? getter.GetClrValue(value) : null,
                    property,
                    complex));
            }
        }

        return columns;
    }

    /// <summary>One stored column: its name, type mapping, nullability, a reader of its model value, its property and
    /// the complex property holding it (null for the entity's own).</summary>
    public sealed record Column(string Name, RelationalTypeMapping Mapping, bool Nullable, Func<object, object?> Read, IProperty Property, IComplexProperty? Complex)
    {
        /// <summary>The value the provider stores for this column of <paramref name="row"/>: the model value after the
        /// column's value converter.</summary>
        public object? ProviderValue(object row) => Read(row) is { } value ? Mapping.Converter?.ConvertToProvider(value) ?? value : null;
    }
}
