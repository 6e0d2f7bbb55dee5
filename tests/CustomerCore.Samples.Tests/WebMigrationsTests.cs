using System.Diagnostics;
using System.Net;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Sample.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CustomerCore.Samples.Tests;

/// <summary>The web sample's checked-in migrations: they match the model on each provider and bring up a real database.</summary>
public sealed class WebMigrationsTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>
{
    [Fact]
    public void SqliteMigrations_MatchTheModel()
    {
        using var db = new SqliteBackOfficeDbContext(new DbContextOptionsBuilder<SqliteBackOfficeDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model differs from the checked-in SQLite migrations: add a migration (docs/samples.md)");
    }

    [Fact]
    public void PostgreSqlMigrations_MatchTheModel()
    {
        // Comparing the model with the snapshot contacts no server.
        using var db = new PostgreSqlBackOfficeDbContext(new DbContextOptionsBuilder<PostgreSqlBackOfficeDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model differs from the checked-in PostgreSQL migrations: add a migration (docs/samples.md)");
    }

    [Fact]
    public async Task OnPostgreSql_TheSampleAppliesItsMigrationsAtStartup_AndServesTheSignInPage()
    {
        server.Require();
        var database = await server.DatabaseAsync("web-backoffice");
        var port = WebBackOfficeFixture.FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(SampleOutput.AssemblyPath("CustomerCore.Sample.Web"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = "PostgreSql";
        start.Environment["ConnectionStrings__BackOffice"] = database;
        using var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient();
            HttpStatusCode? status = null;
            for (var deadline = DateTime.UtcNow.AddSeconds(90); status is null && DateTime.UtcNow < deadline && !process.HasExited;)
            {
                try
                {
                    status = (await http.GetAsync($"http://127.0.0.1:{port}/Account/Login", TestContext.Current.CancellationToken)).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200, TestContext.Current.CancellationToken);
                }
            }

            Assert.True(status == HttpStatusCode.OK, "the sample did not serve on PostgreSQL:\n" + string.Join('\n', output));
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var applied = new NpgsqlCommand("""SELECT count(*) FROM "__EFMigrationsHistory" """, connection);
            using var db = new PostgreSqlBackOfficeDbContext(new DbContextOptionsBuilder<PostgreSqlBackOfficeDbContext>().UseNpgsql(database).Options);
            Assert.Equal((long)db.Database.GetMigrations().Count(), (long)(await applied.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
            await using var staff = new NpgsqlCommand("""SELECT count(*) FROM "AspNetUsers" """, connection);
            Assert.Equal(2L, (long)(await staff.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }
}
