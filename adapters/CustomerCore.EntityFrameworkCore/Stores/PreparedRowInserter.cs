using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Inserts many new rows of one entity type with a single prepared <c>INSERT</c>, re-bound per row, instead of tracking
/// every row as an entity. Columns, conversions and parameter types all come from the EF model, so the rows are stored
/// exactly as <c>SaveChanges</c> would store them. Used for bulk import on SQLite, where statements run one at a time
/// anyway and change tracking is most of the cost; other providers keep EF Core's own batching.
/// </summary>
internal static class PreparedRowInserter
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    public static bool Supports(DbContext context) => string.Equals(context.Database.ProviderName, SqliteProvider, StringComparison.Ordinal);

    public static async Task InsertAsync<T>(DbContext context, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entityType = context.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = Columns(entityType, table);
        var sql = context.GetService<ISqlGenerationHelper>();
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText =
                $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) " +
                $"VALUES ({string.Join(", ", columns.Select((_, i) => sql.GenerateParameterName("p" + i)))})";
            // Parameters are made once, from the first row, so each carries its column's provider type; later rows only
            // swap the (converted) value.
            var first = rows.First();
            var parameters = new DbParameter[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i] = columns[i].Mapping.CreateParameter(command, sql.GenerateParameterName("p" + i), columns[i].Read(first), columns[i].Nullable);
                command.Parameters.Add(parameters[i]);
            }

            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    var value = columns[i].Read(row);
                    parameters[i].Value = value is null ? DBNull.Value : columns[i].Mapping.Converter?.ConvertToProvider(value) ?? value;
                }

                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The stored columns of an entity type and how to read each one's value from an entity.</summary>
    public static List<Column> Columns(IEntityType entityType, StoreObjectIdentifier table)
    {
        var columns = new List<Column>();
        foreach (var property in entityType.GetProperties().Where(p => !p.IsShadowProperty()))
        {
            var getter = property.GetGetter();
            columns.Add(new Column(property.GetColumnName(table)!, property.GetRelationalTypeMapping(), property.IsNullable, getter.GetClrValueUsingContainingEntity));
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
                    entity => complexGetter.GetClrValueUsingContainingEntity(entity) is { } value ? getter.GetClrValue(value) : null));
            }
        }

        return columns;
    }

    /// <summary>One stored column: its name, type mapping, nullability and a reader of its model value.</summary>
    public sealed record Column(string Name, RelationalTypeMapping Mapping, bool Nullable, Func<object, object?> Read);
}
