using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>SQLite database files in one temporary folder for the whole test run, deleted when the run ends.</summary>
public sealed class SqliteTestDatabases : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "customercore-sqlite-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly SchemaOnce _schemas = new();

    /// <summary>The connection string of the database file called <paramref name="name"/>.</summary>
    public string ConnectionString(string name) =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, name + ".db") }.ToString();

    /// <summary>Creates the tables of <paramref name="context"/>'s model the first time a test asks for that database.</summary>
    public Task EnsureCreatedAsync(string name, DbContext context) => _schemas.EnsureCreatedAsync(name, context);

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Runs EnsureCreated once per database name, however many tests start at the same time.</summary>
public sealed class SchemaOnce
{
    private readonly Dictionary<string, Task> _created = [];

    public Task EnsureCreatedAsync(string name, DbContext context)
    {
        lock (_created)
        {
            if (!_created.TryGetValue(name, out var creation))
            {
                creation = context.Database.EnsureCreatedAsync();
                _created[name] = creation;
            }

            return creation;
        }
    }
}
