using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Sets up every SQLite connection EF Core opens, and makes an erasure leave no readable copy in a SQLite file. Other
/// providers are left alone.
/// <list type="bullet">
/// <item><c>PRAGMA cache_size</c> of 64 MB (SQLite's default is 2 MB): a bulk import changes far more pages than 2 MB
/// holds, and every page pushed out of the cache before the commit is written to the log and read back again; a
/// 100,000-row import took 1.7 times as long with the default. The cache only grows with pages actually read, so a
/// till that reads a few customers keeps a small one.</item>
/// <item><c>PRAGMA secure_delete = ON</c> (a per-connection setting): SQLite frees the space of an updated or deleted
/// row without clearing it, so the old bytes would stay readable until the space is reused. Always on, not only while
/// erasing: an email changed last year was freed by that update, and only zeroing at the time it is freed clears
/// it.</item>
/// <item>after a transaction in which an erasure redacted copies commits, <c>PRAGMA wal_checkpoint(TRUNCATE)</c>:
/// in WAL mode every page written since the last truncation stays in the <c>-wal</c> file, so the zeroed pages are
/// copied into the database file and the log is cut to nothing, taking the page images from before the erasure with
/// it. Rollback-journal databases need nothing more: the journal is deleted at commit.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionInterceptor : IDbConnectionInterceptor, IDbTransactionInterceptor
{
    private const string SqliteConnectionType = "Microsoft.Data.Sqlite.SqliteConnection";
    private const int CheckpointAttempts = 5;
    private static readonly TimeSpan CheckpointRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Transactions whose commit must be followed by a truncating checkpoint; weak, so an abandoned one leaves nothing behind.</summary>
    private static readonly ConditionalWeakTable<DbTransaction, DbConnection> CheckpointAfterCommit = new();

    private static readonly Action<ILogger, string, Exception?> LogLogNotTruncated = LoggerMessage.Define<string>(
        LogLevel.Warning,
        new EventId(1201, "ErasureLogNotTruncated"),
        "The write-ahead log of {DataSource} could not be truncated after an erasure because another connection was reading; " +
        "it still holds pages from before the erasure until PRAGMA wal_checkpoint(TRUNCATE) succeeds");

    /// <summary>Native SQLite connections whose pragmas are set; weak, so a connection closed for good leaves nothing behind.</summary>
    private static readonly ConditionalWeakTable<object, object> SetUpNativeConnections = new();

    private static System.Reflection.PropertyInfo? HandleProperty;

    public static readonly SqliteConnectionInterceptor Instance = new();

    private SqliteConnectionInterceptor()
    {
    }

    /// <summary>
    /// Called by every store method that redacts copies for an erasure: the erased data must also leave the
    /// write-ahead log, once the erasure is committed (before that a rollback may still need the old pages). Outside a
    /// transaction the redaction has committed already, so the checkpoint runs at once.
    /// </summary>
    public static Task TruncateLogAfterCommitAsync(DbContext context, CancellationToken cancellationToken)
    {
        if (!DatabaseProviders.IsSqlite(context))
        {
            return Task.CompletedTask;
        }

        if (context.Database.CurrentTransaction?.GetDbTransaction() is { } transaction)
        {
            CheckpointAfterCommit.AddOrUpdate(transaction, context.Database.GetDbConnection());
            return Task.CompletedTask;
        }

        return CheckpointOnOwnConnectionAsync(context, cancellationToken);
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NativeConnectionToSetUp(connection) is { } native)
        {
            using var command = SetupCommand(connection);
            command.ExecuteNonQuery();
            MarkSetUp(native);
        }
    }

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        SetUpAsync(connection, cancellationToken);

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (CheckpointAfterCommit.TryGetValue(transaction, out var connection) && CheckpointAfterCommit.Remove(transaction))
        {
            // EF Core's synchronous path: the committing thread waits anyway.
            CheckpointAsync(connection, eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (CheckpointAfterCommit.TryGetValue(transaction, out var connection) && CheckpointAfterCommit.Remove(transaction))
        {
            // Not cancelled with the caller: the erasure has committed, and leaving the log behind would keep its old pages.
            await CheckpointAsync(connection, eventData.Context, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => CheckpointAfterCommit.Remove(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CheckpointAfterCommit.Remove(transaction);
        return Task.CompletedTask;
    }

    private static bool IsSqlite(DbConnection connection) => string.Equals(connection.GetType().FullName, SqliteConnectionType, StringComparison.Ordinal);

    /// <summary>
    /// The native connection under <paramref name="connection"/> when it is SQLite and has not been set up yet; null
    /// otherwise. The settings belong to the native connection, which Microsoft.Data.Sqlite pools and hands to the next
    /// <c>SqliteConnection</c> opened on the same file: running the pragmas again on every open cost each store call one
    /// more statement (an open and close took 0.12 ms with it, 0.08 ms without). Reached by reflection, so that the adapter does
    /// not depend on the SQLite provider; a provider without the property gets the pragmas on every open, as before.
    /// </summary>
    private static object? NativeConnectionToSetUp(DbConnection connection)
    {
        if (!IsSqlite(connection))
        {
            return null;
        }

        var native = (HandleProperty ??= connection.GetType().GetProperty("Handle"))?.GetValue(connection) ?? new object();
        return SetUpNativeConnections.TryGetValue(native, out _) ? null : native;
    }

    /// <summary>Sets up a connection opened outside EF Core (<see cref="PreparedReadConnections"/>) as
    /// <see cref="ConnectionOpenedAsync"/> sets up EF Core's.</summary>
    public static async Task SetUpAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (NativeConnectionToSetUp(connection) is { } native)
        {
            await using var command = SetupCommand(connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            MarkSetUp(native);
        }
    }

    private static void MarkSetUp(object native) => SetUpNativeConnections.AddOrUpdate(native, native);

    private static DbCommand SetupCommand(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cache_size = -65536; PRAGMA secure_delete = ON;";
        return command;
    }

    private static async Task CheckpointOnOwnConnectionAsync(DbContext context, CancellationToken cancellationToken)
    {
        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CheckpointAsync(database.GetDbConnection(), context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checkpoints and truncates the write-ahead log; a no-op for a database that is not in WAL mode. A reader in
    /// another connection still using an older snapshot makes SQLite stop short (the first result column is 1), so
    /// the checkpoint is retried briefly, and a warning is logged if the log could still not be truncated.
    /// </summary>
    private static async Task CheckpointAsync(DbConnection connection, DbContext? context, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var blocked = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                && Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) != 0;
            if (!blocked)
            {
                return;
            }

            if (attempt == CheckpointAttempts)
            {
                if (context?.GetService<ILoggerFactory>() is { } loggers)
                {
                    LogLogNotTruncated(loggers.CreateLogger(typeof(SqliteConnectionInterceptor).FullName!), connection.DataSource, null);
                }

                return;
            }

            await Task.Delay(CheckpointRetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }
}
