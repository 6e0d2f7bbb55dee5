using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CustomerCore.Samples.Tests;

/// <summary>
/// The real CLI importing a file while other things happen to it: killed in the middle of writing it leaves nothing
/// behind, and a till in another process can write while the file is being checked and while it is being written.
/// </summary>
public sealed class CliImportInterruptionTests : IDisposable
{
    private const int Rows = 10_000;
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task AnImportKilledWhileWriting_LeavesNothing_AndTheSameFileThenImportsWhole()
    {
        var file = WriteCsv("killed.csv");
        Assert.Equal(0, (await _cli.RunAsync("customers", "add", "--first", "Existing")).ExitCode);

        using (var import = StartImport(file))
        {
            await import.WaitForStageAsync("Writing");
            import.Process.Kill(entireProcessTree: true);
            await import.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var leftovers = await _cli.RunAsync("--json", "customers", "find", Email(0));
        Assert.True(leftovers.ExitCode == 0, leftovers.ToString());
        Assert.Empty(leftovers.Json().EnumerateArray());
        Assert.Single((await _cli.RunAsync("--json", "customers", "find", "Existing")).Json().EnumerateArray());

        // The killed import's scratch file (its write pass) is still there; the next import clears it away.
        Assert.NotEmpty(StageFiles());
        var again = await _cli.RunAsync("import", file);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Empty(StageFiles());
        Assert.Contains($"Applied: {Rows} to create, 0 to update, 0 unchanged, 0 error(s), 0 warning(s)", again.Out, StringComparison.Ordinal);
        // More created rows than the report lists changes for, and no issue at all: no hint about unlisted issues.
        Assert.DoesNotContain("more rows have issues", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATillWritingWhileAnImportChecksItsFile_GoesAhead_AndBothLand()
    {
        await TillAddsACustomerWhileTheImportIsAtAsync("Checking", WriteCsv("checking.csv"), Rows, busyTimeoutSeconds: 60);
    }

    [Fact]
    public async Task ATillWritingWhileAnImportWritesItsFile_GoesAheadWithoutWaiting_AndBothLand()
    {
        // Large enough that the write pass lasts several seconds: the till starts as it begins, and gives up after one
        // second of waiting, which it would if the import held the database's write lock for its whole write pass.
        await TillAddsACustomerWhileTheImportIsAtAsync("Writing", WriteCsv("writing.csv", rows: 30_000), 30_000, busyTimeoutSeconds: 1);
    }

    /// <summary>Starts an import of <paramref name="file"/>, has a till add a customer once the import reports
    /// <paramref name="stage"/>, and checks that both land and no stage file is left.</summary>
    private async Task TillAddsACustomerWhileTheImportIsAtAsync(string stage, string file, int rows, int busyTimeoutSeconds)
    {
        using var import = StartImport(file);
        await import.WaitForStageAsync(stage);

        var till = await _cli.RunAsync(
            "--busy-timeout", busyTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "customers", "add", "--first", "Walkin", "--email", "walk.in@example.com");

        Assert.True(till.ExitCode == 0, till.ToString());
        await import.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(import.Process.ExitCode == 0, import.Error.ToString());
        Assert.Single((await _cli.RunAsync("--json", "customers", "find", "walk.in@example.com")).Json().EnumerateArray());
        Assert.Single((await _cli.RunAsync("--json", "customers", "find", Email(rows - 1))).Json().EnumerateArray());
        Assert.Empty(StageFiles());
    }

    private List<string> StageFiles() => [.. Directory.EnumerateFiles(_cli.WorkingDirectory, "customercore.db.customercore-stage-*")];

    private static string Email(int row) => string.Create(CultureInfo.InvariantCulture, $"row{row}@example.com");

    private string WriteCsv(string name, int rows = Rows)
    {
        var path = Path.Combine(_cli.WorkingDirectory, name);
        var text = new StringBuilder("Email,First Name,Last Name,Phone,City\n");
        for (var row = 0; row < rows; row++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Email(row)},Ann{row},Import{row % 97},+1 415 555 {row % 10_000:0000},Leeds\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private RunningImport StartImport(string file)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _cli.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // stderr is redirected here, so the stages are asked for as lines (without --progress there is no progress at all).
        foreach (var arg in new[] { CliProcess.CliAssemblyPath, "import", file, "--create-duplicates", "--progress" })
        {
            start.ArgumentList.Add(arg);
        }

        return new RunningImport(Process.Start(start)!);
    }

    /// <summary>An import running in its own process; its progress lines on stderr tell which stage it is in.</summary>
    private sealed class RunningImport : IDisposable
    {
        private readonly Task _reading;

        public RunningImport(Process process)
        {
            Process = process;
            _ = process.StandardOutput.ReadToEndAsync();
            _reading = Task.Run(async () =>
            {
                var buffer = new char[256];
                int read;
                while ((read = await process.StandardError.ReadAsync(buffer)) > 0)
                {
                    lock (Error)
                    {
                        Error.Append(buffer, 0, read);
                    }
                }
            });
        }

        public Process Process { get; }

        public StringBuilder Error { get; } = new();

        public async Task WaitForStageAsync(string stage)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            while (true)
            {
                lock (Error)
                {
                    if (Error.ToString().Contains(stage, StringComparison.Ordinal))
                    {
                        return;
                    }
                }

                Assert.False(Process.HasExited, $"The import ended before it reached {stage}: {Error}");
                await Task.Delay(20, timeout.Token);
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            _reading.Wait(TimeSpan.FromSeconds(10));
            Process.Dispose();
        }
    }
}
