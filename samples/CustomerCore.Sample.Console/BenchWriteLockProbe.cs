using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace CustomerCore.Sample.Console;

/// <summary>
/// Another writer beside an import, measuring how long the import locks it out: every 20 ms it takes SQLite's write lock
/// (<c>BEGIN IMMEDIATE</c>, waiting as long as it must) and gives it straight back, and keeps the longest wait. That
/// wait is what a till's write would have waited. Its own lock lasts microseconds, well inside the import's busy
/// timeout. (Every 2 ms, from inside the importing process, it made a 100,000-row import take a quarter longer; every
/// 20 ms it costs a few percent.) Nothing is measured for PostgreSQL, where writers of different rows do not wait for each other.
/// </summary>
internal sealed class BenchWriteLockProbe : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<double> _probing;

    private BenchWriteLockProbe(string? file) =>
        _probing = file is null ? Task.FromResult(0d) : Task.Factory.StartNew(() => Probe(file, _stop.Token), TaskCreationOptions.LongRunning);

    /// <summary>Starts probing the SQLite file <paramref name="database"/> (a connection string: nothing).</summary>
    public static BenchWriteLockProbe Start(string database) => new(CliHost.IsPostgreSql(database) ? null : database);

    /// <summary>Stops probing; the longest time in seconds the probe was locked out.</summary>
    public double Stop()
    {
        _stop.Cancel();
        return _probing.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private static double Probe(string file, CancellationToken stop)
    {
        // No command timeout (0 waits for ever); SQLite's own busy handler retries within milliseconds of the lock's
        // release, where the driver's retry loop would sleep far longer between attempts.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, DefaultTimeout = 0, Pooling = false }.ToString());
        connection.Open();
        using (var setUp = connection.CreateCommand())
        {
            setUp.CommandText = "PRAGMA busy_timeout = 600000";
            setUp.ExecuteNonQuery();
        }

        using var write = connection.CreateCommand();
        write.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
        var longest = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            write.ExecuteNonQuery();
            var waited = Stopwatch.GetElapsedTime(start);
            if (waited > longest)
            {
                longest = waited;
            }

            Thread.Sleep(Interval);
        }

        return longest.TotalSeconds;
    }
}
