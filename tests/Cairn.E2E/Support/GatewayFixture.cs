using System.Runtime.CompilerServices;
using Xunit.Abstractions;

namespace Cairn.E2E.Support;

/// <summary>
/// One test class's world: a real gateway process on a fresh data dir and one headless chromium. Each test
/// opens its own browser context (own storage, own page) through <see cref="RunAsync"/>.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "cairn-e2e-" + Guid.NewGuid().ToString("N")[..12]);
    private GatewayProcess? _gateway;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("The gateway is not running.");

    public string DataDir => _dataDir;

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not running.");

    /// <summary><c>config.yaml</c> written before the first start, or null for the defaults.</summary>
    protected virtual string? ConfigYaml => null;

    /// <summary>Runs before the config is written and the gateway starts (e.g. to start a fake model server).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        Directory.CreateDirectory(_dataDir);
        if (ConfigYaml is { } yaml)
        {
            await File.WriteAllTextAsync(Path.Combine(_dataDir, "config.yaml"), yaml);
        }

        // Two cores shared with other builds: generous waits, still no sleeps.
        SetDefaultExpectTimeout(15_000);
        (_playwright, _browser) = await ChromiumBrowser.LaunchAsync();
        _gateway = await GatewayProcess.StartAsync(_dataDir);
    }

    /// <summary>SIGTERM; the page stays open and starts reconnecting.</summary>
    public Task StopGatewayAsync() => Gateway.StopAsync();

    /// <summary>Starts again on the same data dir and port, so open pages keep their origin and token.</summary>
    public async Task StartGatewayAgainAsync()
    {
        var port = Gateway.Address.Port;
        await Gateway.DisposeAsync();
        _gateway = null;
        _gateway = await GatewayProcess.StartAsync(_dataDir, port);
    }

    /// <summary>
    /// Runs one test in a fresh browser context. On failure saves a screenshot, the page's console log and the
    /// gateway's output under <c>artifacts/</c> beside the test assembly, and prints their paths.
    /// </summary>
    public async Task RunAsync(ITestOutputHelper output, Func<Ui, Task> test, [CallerMemberName] string name = "", [CallerFilePath] string file = "")
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            BaseURL = Gateway.Address.ToString(),
        });
        context.SetDefaultTimeout(15_000);
        var ui = new Ui(this, await context.NewPageAsync());
        try
        {
            await test(ui);
        }
        catch (Exception)
        {
            await SaveArtifactsAsync(output, ui, $"{Path.GetFileNameWithoutExtension(file)}.{name}");
            throw;
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A child process may hold a file for a moment; the OS temp cleaner will take it.
        }
    }

    private async Task SaveArtifactsAsync(ITestOutputHelper output, Ui ui, string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(dir);
        var stem = Path.Combine(dir, name);
        try
        {
            await ui.Page.ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true });
            output.WriteLine($"screenshot: {stem}.png");
        }
        catch (PlaywrightException ex)
        {
            output.WriteLine($"no screenshot: {ex.Message}");
        }

        await File.WriteAllLinesAsync(stem + ".console.log", ui.ConsoleLines);
        await File.WriteAllTextAsync(stem + ".gateway.log", _gateway?.Output ?? "");
        output.WriteLine($"page URL: {ui.Page.Url}");
        output.WriteLine($"console log: {stem}.console.log");
        output.WriteLine($"gateway log: {stem}.gateway.log");
        foreach (var line in ui.ConsoleLines.TakeLast(20))
        {
            output.WriteLine("  " + line);
        }
    }
}
