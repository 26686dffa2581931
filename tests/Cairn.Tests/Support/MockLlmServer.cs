using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cairn.Tests.Support;

/// <summary>
/// The third-party OpenAI mock server <c>@dwmkerr/mock-llm</c> (npm, pinned in <c>tests/mock-llm/package-lock.json</c>)
/// as a child process on a free loopback port. Installs it with <c>npm ci</c> the first time; answers by rules set
/// with <see cref="ConfigureAsync"/> (its YAML: JMESPath <c>match</c>, <c>sequence</c>, <c>response.status</c>/<c>content</c>,
/// <c>streaming.chunkSize</c>/<c>chunkIntervalMs</c>). Note what it does with errors: a streamed request whose rule
/// answers ≥ 400 gets HTTP 200 with <c>data: {"error": …}</c> (an in-stream error); only a non-streamed one gets
/// the real status. It cannot send headers (no Retry-After), cut a stream, or freeze: that is <see cref="FakeOpenAiServer"/>.
/// </summary>
public sealed class MockLlmServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim Install = new(1, 1);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private MockLlmServer(Process process, int port)
    {
        _process = process;
        Root = new Uri($"http://127.0.0.1:{port}/");
        _http = new HttpClient { BaseAddress = Root, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Root { get; }

    public string BaseUrl => Root + "v1";

    public static async Task<MockLlmServer> StartAsync()
    {
        var dir = Path.Combine(RepoRoot(), "tests", "mock-llm");
        await EnsureInstalledAsync(dir);
        var port = FreePort();
        var info = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(dir, "node_modules", "@dwmkerr", "mock-llm", "dist", "main.js"));
        info.Environment["HOST"] = "127.0.0.1";
        info.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var server = new MockLlmServer(Process.Start(info) ?? throw new InvalidOperationException("could not start node"), port);
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitReadyAsync();
        return server;
    }

    /// <summary>Replaces the rules (and resets its sequence counters) with this YAML.</summary>
    public async Task ConfigureAsync(string yaml)
    {
        (await _http.DeleteAsync(new Uri("config", UriKind.Relative))).EnsureSuccessStatusCode();
        using var content = new StringContent(yaml, Encoding.UTF8, "application/x-yaml");
        (await _http.PostAsync(new Uri("config", UriKind.Relative), content)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
    }

    private async Task WaitReadyAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!limit.IsCancellationRequested && !_process.HasExited)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri("health", UriKind.Relative), limit.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, limit.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await DisposeAsync();
        throw new InvalidOperationException($"mock-llm did not start:\n{_output}");
    }

    private static async Task EnsureInstalledAsync(string dir)
    {
        await Install.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(dir, "node_modules", "@dwmkerr", "mock-llm", "dist", "main.js")))
            {
                return;
            }

            var info = new ProcessStartInfo("npm") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" })
            {
                info.ArgumentList.Add(arg);
            }

            using var npm = Process.Start(info) ?? throw new InvalidOperationException("could not start npm");
            var output = npm.StandardOutput.ReadToEndAsync();
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {dir} failed:\n{await output}\n{await errors}");
            }
        }
        finally
        {
            Install.Release();
        }
    }

    private void OnLine(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cairn.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Cairn.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
