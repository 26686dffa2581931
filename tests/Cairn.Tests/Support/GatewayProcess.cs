using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Cairn.Tests.Support;

/// <summary>
/// <c>cairn gateway run</c> as a real child process on a free port. Reads the banner for the address, and
/// can stop it gracefully (SIGTERM) or kill it (SIGKILL).
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

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The cairn executable built beside the tests: <c>dotnet cairn.dll</c>.</summary>
    public static ProcessStartInfo CairnCommand(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cairn.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("CAIRN_HOME");
        return info;
    }

    /// <summary>Starts the gateway; <paramref name="port"/> 0 picks a free one (a fixed port lets an open page reconnect after a restart).</summary>
    public static async Task<GatewayProcess> StartAsync(string dataDir, int port = 0, params string[] extraArgs)
    {
        var info = CairnCommand(["gateway", "run", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDir, .. extraArgs]);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start cairn");
        var gateway = new GatewayProcess(process, dataDir);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(gateway._listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != gateway._listening.Task)
        {
            await gateway.KillAsync();
            throw new InvalidOperationException($"gateway did not start:\n{gateway.Output}");
        }

        gateway.Address = await gateway._listening.Task;
        return gateway;
    }

    public string Token => File.ReadAllText(Path.Combine(DataDir, "gateway.token")).Trim();

    /// <summary>One call of <c>POST /api</c> with the token.</summary>
    public async Task<ApiReply> CallAsync(string method, object? parameters = null)
    {
        using var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var content = new StringContent(JsonSerializer.Serialize(new { method, @params = parameters }), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api", UriKind.Relative), content);
        return new ApiReply(response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary><see cref="CallAsync"/> that must succeed; returns the result.</summary>
    public async Task<JsonElement> OkAsync(string method, object? parameters = null)
    {
        var reply = await CallAsync(method, parameters);
        Assert.True(reply.Ok, $"{method} failed: {reply}");
        return reply.Result;
    }

    /// <summary>SIGTERM, then waits for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGKILL: no chance to clean up, as in a crash or power loss of the process.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
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

        var marker = "Listening:";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(new Uri(line[(at + marker.Length)..].Trim()));
        }
    }
}
