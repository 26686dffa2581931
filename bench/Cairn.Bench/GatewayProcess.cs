using System.Diagnostics;
using System.Globalization;

namespace Cairn.Bench;

/// <summary>
/// <c>dotnet cairn.dll gateway run --port 0</c> as a child process: start-up time to the <c>Listening:</c> line,
/// its resident memory from /proc, and a SIGTERM stop. Its log is drained (and the tail kept for errors).
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process, string dataDir)
    {
        _process = process;
        DataDir = dataDir;
    }

    public string DataDir { get; }

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public string Token { get; private set; } = "";

    public TimeSpan StartupTime { get; private set; }

    public bool HasExited => _process.HasExited;

    public int Pid => _process.Id;

    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    public static async Task<GatewayProcess> StartAsync(string cairnDll, string dataDir, string logLevel)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { cairnDll, "gateway", "run", "--port", "0", "--data-dir", dataDir, "--log-level", logLevel })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("CAIRN_HOME");

        // Seeded sessions have old messages; the daily reset sweep would reset them during the measurements.
        info.Environment["CAIRN_SESSION__RESET__MODE"] = "off";

        // The per-connection message limit protects a gateway from a runaway client; here the client is the load.
        info.Environment["CAIRN_GATEWAY__LIMITS__MESSAGESPERSECOND"] = "1000000";
        info.Environment["CAIRN_GATEWAY__LIMITS__MESSAGEBURST"] = "1000000";
        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new BenchFailure("could not start 'dotnet cairn.dll'");
        var gateway = new GatewayProcess(process, dataDir);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var first = await Task.WhenAny(gateway._listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        if (first != gateway._listening.Task)
        {
            await gateway.DisposeAsync();
            throw new BenchFailure($"the gateway did not start:\n{gateway.Tail}");
        }

        gateway.StartupTime = Stopwatch.GetElapsedTime(started);
        gateway.Address = await gateway._listening.Task;
        gateway.Token = (await File.ReadAllTextAsync(Path.Combine(dataDir, "gateway.token"))).Trim();
        return gateway;
    }

    /// <summary>VmRSS and VmHWM (peak) of the gateway in KiB, from /proc/&lt;pid&gt;/status.</summary>
    public (long RssKb, long PeakKb) Memory()
    {
        if (_process.HasExited || !File.Exists($"/proc/{_process.Id}/status"))
        {
            return (0, 0);
        }

        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = ParseKb(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = ParseKb(line);
            }
        }

        return (rss, peak);
    }

    /// <summary>SIGTERM and a clean exit; throws when the gateway had already died or exits with an error.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            throw new BenchFailure($"the gateway exited on its own (code {_process.ExitCode}):\n{Tail}");
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        if (_process.ExitCode != 0)
        {
            throw new BenchFailure($"the gateway exited with code {_process.ExitCode} on SIGTERM:\n{Tail}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static long ParseKb(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }

        const string marker = "Listening:";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(new Uri(line[(at + marker.Length)..].Trim()));
        }
    }
}
