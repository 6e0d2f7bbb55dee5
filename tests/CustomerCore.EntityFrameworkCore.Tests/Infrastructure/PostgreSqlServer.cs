using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CustomerCore.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the test run, made from the machine's own server binaries: initdb into a
/// temporary folder, start on a free loopback port, and stop and delete everything when the run ends. PostgreSQL
/// refuses to run as root, so under root the server runs as the <c>postgres</c> OS user. Without binaries the
/// PostgreSQL tests skip, except under CI=true, where they fail.
/// </summary>
public sealed class PostgreSqlServer : IAsyncLifetime
{
    private const string ServiceUser = "postgres";
    private const string DebianBinaryRoot = "/usr/lib/postgresql";
    private readonly SchemaOnce _schemas = new();
    private readonly HashSet<string> _databases = [];
    private readonly SemaphoreSlim _databaseGate = new(1, 1);
    private string? _folder;
    private string? _binaries;
    private int _port;

    /// <summary>Why no server is running, or null when one is.</summary>
    public string? Unavailable { get; private set; }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static bool RunsAsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Skips the calling test when no server could be started, or fails it under CI=true.</summary>
    public void Require()
    {
        if (Unavailable is null)
        {
            return;
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"CI=true requires the PostgreSQL tests to run, but: {Unavailable}");
        }

        Assert.Skip(Unavailable);
    }

    /// <summary>Creates the database <paramref name="name"/> on first use and returns a connection string to it.</summary>
    public async Task<string> DatabaseAsync(string name)
    {
        await _databaseGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_databases.Add(name))
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync().ConfigureAwait(false);
                await using var create = connection.CreateCommand();
                create.CommandText = $"CREATE DATABASE \"{name}\"";
                await create.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _databaseGate.Release();
        }

        return ConnectionString(name);
    }

    /// <summary>Creates the tables of <paramref name="context"/>'s model the first time a test asks for that database.</summary>
    public Task EnsureCreatedAsync(string name, DbContext context) => _schemas.EnsureCreatedAsync(name, context);

    public async ValueTask InitializeAsync()
    {
        _binaries = FindBinaries();
        if (_binaries is null)
        {
            Unavailable = $"No PostgreSQL server binaries (initdb, pg_ctl) on PATH or under {DebianBinaryRoot}/*/bin; .ci/run installs them.";
            return;
        }

        try
        {
            await StartAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            Unavailable = "PostgreSQL could not be started: " + exception.Message;
            DeleteFolder();
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Unavailable is null && _folder is not null)
        {
            await RunAsync("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop").ConfigureAwait(false);
        }

        DeleteFolder();
        _databaseGate.Dispose();
    }

    private string DataFolder => Path.Combine(_folder!, "data");

    /// <summary>A connection string to <paramref name="database"/> on this server (the database may not exist yet).</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = _port,
        Username = ServiceUser,
        Database = database,
    }.ToString();

    private async Task StartAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "customercore-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        if (RunsAsRoot)
        {
            await RunProcessAsync("chown", [ServiceUser, _folder]).ConfigureAwait(false);
        }

        // fsync and friends are off: the data is thrown away at the end, and this keeps the suite fast.
        await RunAsync("initdb", "-D", DataFolder, "-U", ServiceUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync").ConfigureAwait(false);

        // A free port can be taken by someone else between probing and binding; try a few.
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            _port = FreeLoopbackPort();
            var serverOptions = $"-p {_port} -c listen_addresses={IPAddress.Loopback} -k {DataFolder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            try
            {
                await RunAsync("pg_ctl", "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start").ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException) when (attempt < attempts)
            {
            }
        }
    }

    private Task RunAsync(string tool, params string[] arguments)
    {
        var executable = Path.Combine(_binaries!, tool);
        return RunsAsRoot
            ? RunProcessAsync("runuser", ["-u", ServiceUser, "--", executable, .. arguments])
            : RunProcessAsync(executable, arguments);
    }

    private static async Task RunProcessAsync(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await errors.ConfigureAwait(false)} {await output.ConfigureAwait(false)}");
        }
    }

    private static string? FindBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(folder => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")));
        if (onPath is not null)
        {
            // A symlink on PATH (Debian puts none there, other setups do) is followed so that initdb finds the
            // postgres executable beside it.
            var initdb = new FileInfo(Path.Combine(onPath, "initdb"));
            return initdb.ResolveLinkTarget(returnFinalTarget: true) is { } target ? Path.GetDirectoryName(target.FullName) : onPath;
        }

        if (!Directory.Exists(DebianBinaryRoot))
        {
            return null;
        }

        return Directory.GetDirectories(DebianBinaryRoot)
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void DeleteFolder()
    {
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

/// <summary>Every PostgreSQL test class shares one server, started once per test run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServer>
{
    public const string Name = "PostgreSQL";
}
