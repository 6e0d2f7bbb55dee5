using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// SQLite lets one connection write at a time and makes the others retry until their busy timeout, in no particular
/// order: under load a till can lose every retry and fail with "database is locked" while others keep winning. Within
/// one process, transactions on the same SQLite file therefore queue here first, in arrival order, and only the head of
/// the queue asks SQLite for the write lock. Other processes still meet SQLite's own busy timeout.
/// </summary>
internal static class SqliteWriterQueue
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Queues = new(StringComparer.Ordinal);

    /// <summary>Waits for this flow's turn to write to the context's SQLite file; null for other providers.</summary>
    public static async Task<SemaphoreSlim?> WaitAsync(DbContext context, CancellationToken cancellationToken)
    {
        if (!DatabaseProviders.IsSqlite(context))
        {
            return null;
        }

        var queue = Queues.GetOrAdd(KeyOf(context), static _ => new SemaphoreSlim(1, 1));
        await queue.WaitAsync(cancellationToken).ConfigureAwait(false);
        return queue;
    }

    /// <summary>Drops the queue of a file that is about to be deleted (an import's scratch file), which nobody writes
    /// again.</summary>
    public static void Forget(DbContext context)
    {
        if (DatabaseProviders.IsSqlite(context))
        {
            Queues.TryRemove(KeyOf(context), out _);
        }
    }

    private static string KeyOf(DbContext context)
    {
        var file = context.Database.GetDbConnection().DataSource;
        return string.IsNullOrEmpty(file) || file == ":memory:" ? context.Database.GetConnectionString() ?? string.Empty : Path.GetFullPath(file);
    }
}
