using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Cairn.E2E.Support;

/// <summary>
/// <c>cairn gateway run</c> as a real child process (adapted from Cairn.Tests' support): reads the banner for
/// the address, stops it with SIGTERM, and can start again on the same data dir and port so an open page
/// reconnects to the same origin.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process, string dataDir)
    {
        _process = process;
        DataDir = dataDir;
    }

    public string DataDir { get; }

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public string Token => File.ReadAllText(Path.Combine(DataDir, "gateway.token")).Trim();

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet cairn.dll gateway run</c>; <paramref name="port"/> 0 picks a free one.</summary>
    public static async Task<GatewayProcess> StartAsync(string dataDir, int port = 0)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        string[] args = ["gateway", "run", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", dataDir];
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cairn.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("CAIRN_HOME");
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start cairn");
        var gateway = new GatewayProcess(process, dataDir);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var first = await Task.WhenAny(gateway._listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != gateway._listening.Task)
        {
            await gateway.DisposeAsync();
            throw new InvalidOperationException($"gateway did not start:\n{gateway.Output}");
        }

        gateway.Address = await gateway._listening.Task;
        return gateway;
    }

    /// <summary>One call of <c>POST /api</c> with the token; returns the whole reply body.</summary>
    public async Task<JsonElement> CallAsync(string method, object? parameters = null)
    {
        using var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var content = new StringContent(JsonSerializer.Serialize(new { method, @params = parameters }), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api", UriKind.Relative), content);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary><see cref="CallAsync"/> that must succeed; returns <c>result</c>.</summary>
    public async Task<JsonElement> OkAsync(string method, object? parameters = null)
    {
        var body = await CallAsync(method, parameters);
        Assert.True(body.GetProperty("ok").GetBoolean(), $"{method} failed: {body}");
        return body.GetProperty("result");
    }

    /// <summary>SIGTERM, then waits for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        const string marker = "Listening:";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(new Uri(line[(at + marker.Length)..].Trim()));
        }
    }
}
