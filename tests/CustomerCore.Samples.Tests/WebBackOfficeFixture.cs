using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace CustomerCore.Samples.Tests;

/// <summary>
/// Starts the web sample as a real process (Development, so the demo staff exist; a temporary SQLite file brought up by
/// the checked-in migrations) on a free loopback port, and a headless Chromium to drive it. Keeps everything the
/// process writes to stdout and stderr, so tests can check what reaches the logs.
/// </summary>
public sealed class WebBackOfficeFixture : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _server;
    private DirectoryInfo? _work;

    public string BaseUrl { get; private set; } = string.Empty;

    public IWebDriver? Browser { get; private set; }

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The repository root; screenshots go under its artifacts/screenshots folder.</summary>
    public string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Scratch space for this run (the database, CSV files written by tests).</summary>
    public string WorkFolder => _work!.FullName;

    /// <summary>Everything the server process has written so far.</summary>
    public string ServerOutput => string.Join('\n', _output);

    public async ValueTask InitializeAsync()
    {
        var chromium = OnPath("chromium", "chromium-browser", "google-chrome");
        var driver = OnPath("chromedriver");
        if (chromium is null || driver is null)
        {
            Unavailable = "Chromium and chromedriver are not installed (Debian packages chromium, chromium-driver; .ci/run installs them).";
            return;
        }

        _work = Directory.CreateTempSubdirectory("customercore-web-");
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _work.FullName,
        };
        start.ArgumentList.Add(SampleOutput.AssemblyPath("CustomerCore.Sample.Web"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["CustomerCore__Region"] = "US";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__SqliteFile"] = Path.Combine(_work.FullName, "backoffice.db");
        // Information level everywhere, so the log test sees what a verbose production setting would write.
        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Information";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, e) => Keep(e.Data);
        _server.ErrorDataReceived += (_, e) => Keep(e.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await WaitUntilServingAsync();

        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1600",
            "--lang=en-US", "--user-data-dir=" + Directory.CreateTempSubdirectory("customercore-chromium-").FullName);
        options.AddUserProfilePreference("intl.accept_languages", "en-US,en");
        Browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        // Generous: on a two-core CI machine running the CLI tests beside these, a page post can take several seconds.
        Browser.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(20);
    }

    public ValueTask DisposeAsync()
    {
        Browser?.Quit();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(10_000);
        }

        _server?.Dispose();
        try
        {
            _work?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the exiting server; the temp folder is cleaned by the OS.
        }

        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_server!.HasExited)
            {
                throw new InvalidOperationException($"The web sample exited with code {_server.ExitCode}:\n{ServerOutput}");
            }

            try
            {
                if ((await http.GetAsync(BaseUrl + "/Account/Login")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The web sample did not start within 90 seconds.");
    }

    private static string FindRepositoryRoot()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "CustomerCore.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        return root ?? throw new InvalidOperationException("Repository root not found.");
    }

    /// <summary>The first of <paramref name="names"/> found as an executable on PATH.</summary>
    private static string? OnPath(params string[] names) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(folder => names.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>A loopback port nothing listens on right now.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
