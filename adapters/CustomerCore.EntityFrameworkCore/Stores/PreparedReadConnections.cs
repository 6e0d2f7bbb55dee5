using System.Collections.Concurrent;
using System.Data.Common;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Open connections that keep their prepared statements, for the reads a till repeats thousands of times a day.
/// Microsoft.Data.Sqlite finalizes a command's compiled statements when its connection closes, and EF Core closes the
/// connection after every query, so through EF Core SQLite compiles each search anew; compiling the till search cost
/// more than running it. These connections stay open between reads, each with its commands compiled once per
/// statement text. A connection idle for <see cref="IdleLifetime"/> is closed (as a connection pool retires idle
/// connections), so a database no longer read is not held open; at most <see cref="IdlePerDatabase"/> wait per
/// database, each reader borrowing one at a time.
/// </summary>
internal static class PreparedReadConnections
{
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);
    /// <summary>How many connections to one database wait idle at most.</summary>
    public const int IdlePerDatabase = 4;
    private const int StatementsPerConnection = 64;

    private static readonly ConcurrentDictionary<string, ConcurrentStack<Lease>> Idle = new(StringComparer.Ordinal);
    private static readonly Timer Sweeper = new(_ => CloseIdle(DateTime.UtcNow - IdleLifetime), null, Timeout.Infinite, Timeout.Infinite);
    private static int _sweeperStarted;

    static PreparedReadConnections()
    {
        // SQLite folds its write-ahead log back into the database when the last connection to it closes: a process that
        // ends should not leave the log behind because a reader was still waiting here.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => CloseIdle(DateTime.MaxValue);
    }

    /// <summary>Borrows an open connection to the database of <paramref name="connectionString"/>, opening (and setting
    /// up) a new one when none is idle. Return it with <see cref="Return"/>, or dispose it after a failure.</summary>
    public static async Task<Lease> RentAsync(DbProviderFactory factory, string connectionString, Func<DbConnection, CancellationToken, Task> setUp, CancellationToken cancellationToken)
    {
        if (Idle.TryGetValue(connectionString, out var idle) && idle.TryPop(out var lease))
        {
            return lease;
        }

        var connection = factory.CreateConnection() ?? throw new InvalidOperationException("The database provider cannot create connections.");
        try
        {
            connection.ConnectionString = connectionString;
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await setUp(connection, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (Interlocked.Exchange(ref _sweeperStarted, 1) == 0)
        {
            Sweeper.Change(IdleLifetime, IdleLifetime);
        }

        return new Lease(connectionString, connection);
    }

    /// <summary>Gives a connection back after a read that completed; its reader must be closed.</summary>
    public static void Return(Lease lease)
    {
        lease.LastUsed = DateTime.UtcNow;
        var idle = Idle.GetOrAdd(lease.ConnectionString, static _ => new ConcurrentStack<Lease>());
        if (idle.Count >= IdlePerDatabase)
        {
            lease.Dispose();
            return;
        }

        idle.Push(lease);
    }

    /// <summary>Closes every idle connection last used before <paramref name="usedBefore"/>.</summary>
    internal static void CloseIdle(DateTime usedBefore)
    {
        foreach (var (_, idle) in Idle)
        {
            var keep = new List<Lease>();
            while (idle.TryPop(out var lease))
            {
                if (lease.LastUsed < usedBefore)
                {
                    lease.Dispose();
                }
                else
                {
                    keep.Add(lease);
                }
            }

            keep.Reverse();
            foreach (var lease in keep)
            {
                idle.Push(lease);
            }
        }
    }

    /// <summary>An open connection and the commands compiled on it, keyed by statement text.</summary>
    internal sealed class Lease(string connectionString, DbConnection connection) : IDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        public string ConnectionString { get; } = connectionString;

        public DateTime LastUsed { get; set; } = DateTime.UtcNow;

        /// <summary>The command for <paramref name="sql"/> on this connection, created with its parameters (by name) the
        /// first time and compiled on its first execution; later calls set the values and run it again.</summary>
        public DbCommand Command(string sql, IReadOnlyList<string> parameterNames)
        {
            if (_commands.TryGetValue(sql, out var command))
            {
                return command;
            }

            if (_commands.Count >= StatementsPerConnection)
            {
                foreach (var old in _commands.Values)
                {
                    old.Dispose();
                }

                _commands.Clear();
            }

            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameterNames)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }

            _commands.Add(sql, command);
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            _commands.Clear();
            connection.Dispose();
        }
    }
}
