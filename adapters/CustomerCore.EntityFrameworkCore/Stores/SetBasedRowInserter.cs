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
/// Inserts many new rows of one entity type on SQLite with one statement per call: the rows travel as a single JSON
/// array parameter and <c>INSERT … SELECT … FROM json_each(…)</c> unpacks them inside SQLite. Binding every column of
/// every row as its own parameter costs several times more than SQLite's own work of storing the row, so a bulk import
/// pays it once per chunk instead. Columns and conversions come from the EF model and each value is written as the text
/// or number SQLite's ADO.NET provider would bind for it, so the rows are stored exactly as <c>SaveChanges</c> stores
/// them (a test compares every column's type and value). Entity types with a column this cannot represent (binary, or
/// floating point) fall back to <see cref="PreparedRowInserter"/>.
/// </summary>
internal static class SetBasedRowInserter
{
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<Type, Plan?>> Plans = new();

    public static bool Supports(DbContext context) => PreparedRowInserter.Supports(context);

    public static async Task InsertAsync<T>(DbContext context, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (PlanFor(context, typeof(T)) is not { } plan)
        {
            await PreparedRowInserter.InsertAsync(context, rows, cancellationToken).ConfigureAwait(false);
            return;
        }

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
                    WriteValue(writer, value is null ? null : column.Mapping.Converter?.ConvertToProvider(value) ?? value);
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
            parameter.ParameterName = "$rows";
            parameter.Value = Encoding.UTF8.GetString(json.WrittenSpan);
            command.Parameters.Add(parameter);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static Plan? PlanFor(DbContext context, Type type) =>
        Plans.GetOrCreateValue(context.Model).GetOrAdd(type, static (t, ctx) => BuildPlan(ctx, t), context);

    private static Plan? BuildPlan(DbContext context, Type type)
    {
        var entityType = context.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = PreparedRowInserter.Columns(entityType, table);
        if (columns.Any(c => !IsRepresentable(c.Mapping.Converter?.ProviderClrType ?? c.Mapping.ClrType)))
        {
            return null;
        }

        var sql = context.GetService<ISqlGenerationHelper>();
        var text =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) " +
            $"SELECT {string.Join(", ", columns.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"value ->> {i}")))} FROM json_each($rows)";
        return new Plan(text, columns);
    }

    private static bool IsRepresentable(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly)
            || type == typeof(TimeOnly) || type == typeof(decimal) || type == typeof(bool) || type == typeof(long) || type == typeof(int)
            || type == typeof(short) || type == typeof(byte) || type == typeof(char);
    }

    /// <summary>Writes a provider value as the text or integer Microsoft.Data.Sqlite binds for it.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value)
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
                writer.WriteStringValue(moment.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
                break;
            case DateTime moment:
                writer.WriteStringValue(moment.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));
                break;
            case DateOnly day:
                writer.WriteStringValue(day.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture));
                break;
            case TimeOnly time:
                writer.WriteStringValue(time.ToString(@"HH\:mm\:ss.fffffff", CultureInfo.InvariantCulture));
                break;
            case decimal number:
                writer.WriteStringValue(number.ToString("0.0###########################", CultureInfo.InvariantCulture));
                break;
            case bool flag:
                writer.WriteNumberValue(flag ? 1 : 0);
                break;
            case char character:
                writer.WriteStringValue(character.ToString());
                break;
            default:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private sealed record Plan(string Sql, IReadOnlyList<PreparedRowInserter.Column> Columns);
}
