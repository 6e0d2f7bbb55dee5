using Microsoft.Data.Sqlite;

namespace CustomerCore.Samples.Tests;

/// <summary>A till writing while another process holds the SQLite file: it waits, then says clearly what happened.</summary>
public sealed class CliBusyDatabaseTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task AWriteBlockedPastTheBusyTimeout_SaysTheDatabaseIsBusy_ChangesNothing_AndSucceedsOnceFree()
    {
        var first = await _cli.RunAsync("customers", "add", "--first", "Before");
        Assert.True(first.ExitCode == 0, first.ToString());

        // Another process's import, as SQLite sees it: an open write transaction on the same file.
        var file = Path.Combine(_cli.WorkingDirectory, "customercore.db");
        await using (var importer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file }.ToString()))
        {
            await importer.OpenAsync(TestContext.Current.CancellationToken);
            await using var transaction = importer.BeginTransaction(deferred: false);

            var blocked = await _cli.RunAsync("--busy-timeout", "1", "customers", "add", "--first", "Blocked");

            Assert.Equal(1, blocked.ExitCode);
            Assert.Contains("database is busy", blocked.Err, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Nothing was changed", blocked.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("delete", blocked.Err, StringComparison.OrdinalIgnoreCase);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        var after = await _cli.RunAsync("--json", "customers", "find", "Blocked");
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Empty(after.Json().EnumerateArray());
        var freed = await _cli.RunAsync("--busy-timeout", "1", "customers", "add", "--first", "Blocked");
        Assert.True(freed.ExitCode == 0, freed.ToString());
    }

    [Fact]
    public async Task ABusyTimeoutOutOfRange_IsAUsageError()
    {
        var result = await _cli.RunAsync("--busy-timeout", "0", "customers", "find", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--busy-timeout must be a whole number from 1 to 3600", result.Err, StringComparison.Ordinal);
    }
}
