using Microsoft.Data.Sqlite;

namespace CustomerCore.Samples.Tests;

/// <summary>Control characters typed into the real CLI, or already in its database, never reach the terminal.</summary>
public sealed class CliTextHygieneTests : IDisposable
{
    private const char Escape = '\u001B';

    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    private static void AssertNoRawControlCharacters(CliResult result)
    {
        Assert.DoesNotContain(result.Out, c => c is Escape or '\u0007' or '\0');
        Assert.DoesNotContain(result.Err, c => c is Escape or '\u0007' or '\0');
    }

    [Fact]
    public async Task CustomersAdd_EscapeSequenceInTheName_ExitsOneWithTheFieldAndPositionAndStoresNothing()
    {
        var result = await _cli.RunAsync("customers", "add", "--first", $"Eve{Escape}[31mRed", "--email", "eve@example.com");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("error: FirstName: 'FirstName' contains an invisible control character (U+001B) at position 4.", result.Err, StringComparison.Ordinal);
        Assert.Contains("[control_character]", result.Err, StringComparison.Ordinal);
        AssertNoRawControlCharacters(result);

        var found = await _cli.RunAsync("customers", "find", "eve@example.com");
        Assert.True(found.ExitCode == 0, found.ToString());
        Assert.Contains("No customers found.", found.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomersShow_QueryWithAnEscapeSequence_IsEchoedEscaped()
    {
        var result = await _cli.RunAsync("customers", "show", $"x{Escape}[2J");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("'x<U+001B>[2J'", result.Err, StringComparison.Ordinal);
        AssertNoRawControlCharacters(result);
    }

    [Fact]
    public async Task CustomersFind_ValueStoredBeforeTheGuard_IsPrintedEscaped()
    {
        var added = await _cli.RunAsync("customers", "add", "--first", "Legacy", "--last", "Value", "--email", "legacy@example.com");
        Assert.True(added.ExitCode == 0, added.ToString());

        // A row written by an older version, before control characters were refused.
        var file = Path.Combine(_cli.WorkingDirectory, "customercore.db");
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"Customers\" SET \"LastName\" = $name WHERE \"NormalizedEmail\" = 'legacy@example.com'";
            command.Parameters.AddWithValue("$name", $"Val{Escape}]0;owned\u0007ue\u202Eevil");
            Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        var found = await _cli.RunAsync("customers", "find", "legacy@example.com");

        Assert.True(found.ExitCode == 0, found.ToString());
        Assert.Contains("Legacy Val<U+001B>]0;owned<U+0007>ue<U+202E>evil · legacy@example.com", found.Out, StringComparison.Ordinal);
        AssertNoRawControlCharacters(found);
        Assert.DoesNotContain('\u202E', found.Out);
    }
}
