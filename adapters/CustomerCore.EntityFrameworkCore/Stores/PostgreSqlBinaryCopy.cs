using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Streams new rows into a PostgreSQL table with one binary <c>COPY</c>, inside the context's current transaction (so a
/// refused or cancelled import still writes nothing). Each value goes over the wire in the binary form Npgsql sends for
/// the same parameter of an INSERT, named by the column's store type, so the stored row is the one <c>SaveChanges</c>
/// writes. The server parses one statement for all the rows and no text for any value.
/// </summary>
internal static class PostgreSqlBinaryCopy
{
    /// <summary>Copies <paramref name="rows"/> with <paramref name="copySql"/> (<c>COPY table (columns) FROM STDIN (FORMAT
    /// BINARY)</c>), writing <paramref name="columns"/> of each row in order.</summary>
    public static async Task WriteAsync<T>(
        DbContext context, string copySql, IReadOnlyList<SetBasedRowInserter.Column> columns, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = (NpgsqlConnection)context.Database.GetDbConnection();
            await using var copy = await connection.BeginBinaryImportAsync(copySql, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                foreach (var column in columns)
                {
                    if (column.ProviderValue(row) is { } value)
                    {
                        await copy.WriteAsync(value, column.Mapping.StoreType, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            // Without Complete, disposing the importer cancels the COPY and the server keeps none of its rows.
            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
