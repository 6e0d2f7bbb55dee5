using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;

namespace CustomerCore.Samples.Tests;

/// <summary>The same CLI commands with <c>--db</c> set to a PostgreSQL connection string, against a real server.</summary>
public sealed class CliPostgreSqlTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>, IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task CustomerAddedThroughPostgreSql_IsFoundByTheNextProcess()
    {
        server.Require();
        var database = await server.DatabaseAsync("cli");

        var added = await _cli.RunAsync("--json", "--db", database, "customers", "add", "--first", "Pia", "--email", "pia@example.com", "--phone", "+1 415 555 0173");
        var found = await _cli.RunAsync("--json", "--db", database, "customers", "find", "0173");
        var demo = await _cli.RunAsync("--db", database, "demo");

        Assert.True(added.ExitCode == 0, added.ToString());
        var match = Assert.Single(found.Json().EnumerateArray());
        Assert.Equal(added.Json().GetProperty("id").GetString(), match.GetProperty("id").GetString());
        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.Contains("earned 42 points", demo.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.WorkingDirectory, "customercore.db")));
    }

    [Fact]
    public async Task ALoginThePostgreSqlServerRefuses_IsOneLine_WithoutTheConnectionString()
    {
        server.Require();
        var database = await server.DatabaseAsync("cli-login");
        var unknownUser = new Npgsql.NpgsqlConnectionStringBuilder(database) { Username = "nobody_here", Password = "not-the-password" }.ToString();

        var refused = await _cli.RunAsync("--db", unknownUser, "customers", "find", "ann");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("error: The PostgreSQL server refused the login: check the user name and password in --db.", refused.Err.Trim());
        Assert.DoesNotContain("not-the-password", refused.Out + refused.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("nobody_here", refused.Out + refused.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchWithPostgres_ReportsTheImportAgainstARawCopy_AndDropsItsDatabases()
    {
        server.Require();
        var admin = await server.DatabaseAsync("bench_admin");

        var bench = await _cli.RunAsync("--json", "bench", "--rows", "300", "--customers", "100", "--item-tickets", "20", "--postgres", admin);

        Assert.True(bench.ExitCode == 0, bench.ToString());
        var section = bench.Json().GetProperty("postgresImport");
        Assert.Equal(300, section.GetProperty("rows").GetInt32());
        foreach (var key in new[] { "customerCoreRowsPerSecond", "rawRowsPerSecond", "ratio", "writePassSeconds" })
        {
            Assert.True(section.GetProperty(key).GetDouble() > 0, key);
        }

        await using var connection = new Npgsql.NpgsqlConnection(admin);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var left = connection.CreateCommand();
        left.CommandText = "SELECT count(*) FROM pg_database WHERE datname LIKE 'customercore_bench_%'";
        Assert.Equal(0L, (long)(await left.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }
}
