namespace Cairn.E2E.Support;

/// <summary>
/// Launches Debian's chromium through Playwright. Playwright never downloads a browser for these tests: a
/// missing chromium is a loud failure with the way to fix it, never a skip.
/// </summary>
public static class ChromiumBrowser
{
    /// <summary>Overrides the browser path (for machines where chromium lives elsewhere).</summary>
    public const string PathVariable = "CAIRN_E2E_CHROMIUM";

    public static string ExecutablePath => Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var path = ExecutablePath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"No browser at {path}. The browser tests drive Debian's chromium package: install it with " +
                $"`apt-get install -y chromium` (./test.sh does this), or set {PathVariable} to a Chromium binary. " +
                "Playwright is never allowed to download one.");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                Args = Arguments(),
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    private static List<string> Arguments()
    {
        List<string> args =
        [
            "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--disable-quic",
        ];

        // Chromium refuses to run as root with its sandbox on (containers, CI).
        if (Environment.UserName == "root")
        {
            args.Add("--no-sandbox");
        }

        return args;
    }
}
