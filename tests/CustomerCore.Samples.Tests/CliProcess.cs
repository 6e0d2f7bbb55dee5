using System.Diagnostics;
using System.Text.Json;

namespace CustomerCore.Samples.Tests;

/// <summary>Runs the real <c>customercore</c> CLI in a child process, in its own working directory.</summary>
public sealed class CliProcess : IDisposable
{
    public CliProcess()
    {
        WorkingDirectory = Directory.CreateTempSubdirectory("customercore-cli-").FullName;
    }

    public string WorkingDirectory { get; }

    public static string CliAssemblyPath => SampleOutput.AssemblyPath("CustomerCore.Sample.Console");

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(CliAssemblyPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a command with <c>--json</c> that must succeed, and returns what it printed.</summary>
    public async Task<JsonElement> OkJsonAsync(params string[] args)
    {
        var result = await RunAsync(["--json", .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json();
    }

    /// <summary>Runs a command that must succeed, and returns its stdout.</summary>
    public async Task<string> OkTextAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Out;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over cleanup.
        }
    }
}

public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public JsonElement Json() => JsonDocument.Parse(Out).RootElement;

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Err}";
}
