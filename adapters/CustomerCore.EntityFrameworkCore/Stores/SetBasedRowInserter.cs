using System.Buffers;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Inserts many new rows of one entity type with one statement per call, on SQLite and PostgreSQL: the rows travel as
/// a single JSON array parameter that the database unpacks itself (<c>INSERT … SELECT … FROM json_each(…)</c> on
/// SQLite, <c>jsonb_array_elements</c> with a cast to each column's type on PostgreSQL). Binding every column of every
/// row as its own parameter (or tracking every row as an entity) costs several times more than the database's own work
/// of storing the row, so a bulk import pays it once per chunk instead. Columns and conversions come from the EF model
/// and each value is written as the text or number the ADO.NET provider would send for it, so the rows are stored
/// exactly as <c>SaveChanges</c> stores them (tests compare every column on both databases). Entity types with a column
/// this cannot represent (binary, floating point), as a vendor's conventions might make them, are saved through
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

        var postgres = plan.PostgreSql;
        var json = new ArrayBufferWriter<byte>(rows.Count * 256);
        await using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartArray();
                foreach (var column in plan.Columns)
                {
                    var value = column.Read(row);
                    WriteValue(writer, value is null ? null : column.Mapping.Converter?.ConvertToProvider(value) ?? value, postgres);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = plan.Sql;
            var parameter = command.CreateParameter();
            parameter.ParameterName = postgres ? "rows" : "$rows";
            parameter.Value = Encoding.UTF8.GetString(json.WrittenSpan);
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
        var postgres = DatabaseProviders.IsPostgreSql(context);
        if (columns.Any(c => !IsRepresentable(ProviderType(c)) && !(postgres && IsTextArray(c))))
        {
            return null;
        }

        var sql = context.GetService<ISqlGenerationHelper>();
        var into = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) ";
        var text = postgres
            ? into + $"SELECT {string.Join(", ", columns.Select((c, i) => IsTextArray(c)
                ? string.Create(CultureInfo.InvariantCulture, $"CAST(ARRAY(SELECT jsonb_array_elements_text(r -> {i})) AS {c.Mapping.StoreType})")
                : string.Create(CultureInfo.InvariantCulture, $"CAST(r ->> {i} AS {c.Mapping.StoreType})")))} " +
                "FROM jsonb_array_elements(CAST(@rows AS jsonb)) AS r"
            : into + $"SELECT {string.Join(", ", columns.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"value ->> {i}")))} FROM jsonb_each($rows)";
        return new Plan(text, columns, postgres);
    }

    private static Type ProviderType(Column column) => column.Mapping.Converter?.ProviderClrType ?? column.Mapping.ClrType;

    // A list of strings PostgreSQL stores as a text array (SQLite's mapping turns it into JSON text first).
    private static bool IsTextArray(Column column) =>
        ProviderType(column) != typeof(string) && typeof(IEnumerable<string>).IsAssignableFrom(ProviderType(column)) &&
        column.Mapping.StoreType.EndsWith("[]", StringComparison.Ordinal);

    private static bool IsRepresentable(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly)
            || type == typeof(TimeOnly) || type == typeof(decimal) || type == typeof(bool) || type == typeof(long) || type == typeof(int)
            || type == typeof(short) || type == typeof(byte) || type == typeof(char);
    }

    /// <summary>Writes a provider value as the text or number the provider sends for it: what Microsoft.Data.Sqlite
    /// binds, or on PostgreSQL text its column type parses to the same value Npgsql would send (times truncated to the
    /// microsecond, as Npgsql does).</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value, bool postgres)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case Guid guid:
                writer.WriteStringValue(guid.ToString().ToUpperInvariant());
                break;
            case DateTimeOffset moment:
                writer.WriteStringValue(moment.ToString(postgres ? @"yyyy\-MM\-dd HH\:mm\:ss.ffffffzzz" : @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
                break;
            case DateTime moment:
                writer.WriteStringValue(moment.ToString(postgres ? @"yyyy\-MM\-dd HH\:mm\:ss.ffffff" : @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));
                break;
            case DateOnly day:
                writer.WriteStringValue(day.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture));
                break;
            case TimeOnly time:
                writer.WriteStringValue(time.ToString(@"HH\:mm\:ss.fffffff", CultureInfo.InvariantCulture));
                break;
            case decimal number:
                writer.WriteStringValue(postgres ? number.ToString(CultureInfo.InvariantCulture) : number.ToString("0.0###########################", CultureInfo.InvariantCulture));
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case char character:
                writer.WriteStringValue(character.ToString());
                break;
            case IEnumerable<string> items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
        }
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
    public sealed record Column(string Name, RelationalTypeMapping Mapping, bool Nullable, Func<object, object?> Read, IProperty Property, IComplexProperty? Complex);
}
