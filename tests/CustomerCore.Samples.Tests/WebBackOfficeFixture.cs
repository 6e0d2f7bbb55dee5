using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace CustomerCore.Samples.Tests;

/// <summary>Starts the web sample as a real process on a free loopback port, and a headless Chromium to drive it.</summary>
public sealed class WebBackOfficeFixture : IAsyncLifetime
{
    private Process? _server;

    public string BaseUrl { get; private set; } = string.Empty;

    public IWebDriver? Browser { get; private set; }

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public string? Unavailable { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var chromium = OnPath("chromium", "chromium-browser", "google-chrome");
        var driver = OnPath("chromedriver");
        if (chromium is null || driver is null)
        {
            Unavailable = "Chromium and chromedriver are not installed (Debian packages chromium, chromium-driver; .ci/run installs them).";
            return;
        }

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(SampleOutput.AssemblyPath("CustomerCore.Sample.Web"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["CustomerCore__Region"] = "US";
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await WaitUntilServingAsync();

        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + Directory.CreateTempSubdirectory("customercore-chromium-").FullName);
        Browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Browser.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(5);
    }

    public ValueTask DisposeAsync()
    {
        Browser?.Quit();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
        }

        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_server!.HasExited)
            {
                throw new InvalidOperationException($"The web sample exited with code {_server.ExitCode}.");
            }

            try
            {
                if ((await http.GetAsync(BaseUrl + "/")).StatusCode == HttpStatusCode.OK)
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

        throw new TimeoutException("The web sample did not start within 60 seconds.");
    }

    /// <summary>The first of <paramref name="names"/> found as an executable on PATH.</summary>
    private static string? OnPath(params string[] names) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(folder => names.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
