using System.Diagnostics;
using System.Globalization;

namespace Cairn.Client.Hosting;

/// <summary>
/// <c>dotnet cairn.dll gateway run</c> as a child process, for the integration tests, the browser tests and the
/// benchmark: reads the <c>Listening:</c> line for the address, times the start, keeps the output, reads the
/// resident memory from /proc, stops it with SIGTERM or kills it with SIGKILL.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private const string ListeningMarker = "Listening:";
    private readonly Process _process;
    private readonly GatewayProcessOptions _options;
    private readonly Queue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CairnHttpClient? _api;

    private GatewayProcess(Process process, GatewayProcessOptions options)
    {
        _process = process;
        _options = options;
    }

    public static string DefaultCairnDll => Path.Combine(AppContext.BaseDirectory, "cairn.dll");

    public string DataDir => _options.DataDir;

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The gateway's token, from <c>gateway.token</c> in its data dir.</summary>
    public string Token => File.ReadAllText(Path.Combine(DataDir, "gateway.token")).Trim();

    /// <summary>From the start of the process to its <c>Listening:</c> line.</summary>
    public TimeSpan StartupTime { get; private set; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the gateway printed (standard output and error, interleaved), as far as it is kept.</summary>
    public string Output => Tail(int.MaxValue);

    /// <summary>A client of this gateway's <c>POST /api</c> with its token.</summary>
    public CairnHttpClient Api => _api ??= new CairnHttpClient(Address, Token);

    /// <summary>The cairn executable as a command: <c>dotnet cairn.dll args…</c>, with every stream redirected.</summary>
    public static ProcessStartInfo CairnCommand(params string[] args) => Command(DefaultCairnDll, args);

    /// <summary>Starts the gateway on <paramref name="dataDir"/>; <paramref name="port"/> 0 picks a free one.</summary>
    public static Task<GatewayProcess> StartAsync(string dataDir, int port = 0, params string[] extraArgs) =>
        StartAsync(new GatewayProcessOptions { DataDir = dataDir, Port = port, ExtraArgs = extraArgs });

    public static async Task<GatewayProcess> StartAsync(GatewayProcessOptions options)
    {
        var info = Command(options.CairnDll,
            ["gateway", "run", "--port", options.Port.ToString(CultureInfo.InvariantCulture), "--data-dir", options.DataDir, .. options.ExtraArgs]);
        foreach (var (name, value) in options.Environment)
        {
            info.Environment[name] = value;
        }

        var started = Stopwatch.GetTimestamp();
        var gateway = new GatewayProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start 'dotnet cairn.dll'"), options);
        gateway._process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        gateway._process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        var first = await Task.WhenAny(gateway._listening.Task, gateway._process.WaitForExitAsync(), Task.Delay(options.StartTimeout));
        if (first != gateway._listening.Task)
        {
            await gateway.DisposeAsync();
            throw new InvalidOperationException($"the gateway did not start:\n{gateway.Output}");
        }

        gateway.StartupTime = Stopwatch.GetElapsedTime(started);
        gateway.Address = await gateway._listening.Task;
        return gateway;
    }

    /// <summary>The last <paramref name="lines"/> lines of output that are kept.</summary>
    public string Tail(int lines = 40)
    {
        lock (_output)
        {
            return string.Join('\n', _output.Skip(Math.Max(0, _output.Count - lines)));
        }
    }

    /// <summary>VmRSS and VmHWM (peak) of the gateway in KiB, from /proc/&lt;pid&gt;/status; zeros once it has exited.</summary>
    public (long RssKb, long PeakKb) Memory()
    {
        var status = $"/proc/{_process.Id}/status";
        if (_process.HasExited || !File.Exists(status))
        {
            return (0, 0);
        }

        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines(status))
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

    /// <summary>SIGTERM, then waits (up to 30 s) for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no chance to clean up, as in a crash or power loss.</summary>
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
        _api?.Dispose();
        _process.Dispose();
    }

    /// <summary><c>dotnet cairn.dll args…</c>, or a published executable (such as the release binary) run as it is.</summary>
    private static ProcessStartInfo Command(string cairnDll, IEnumerable<string> args)
    {
        var isDll = cairnDll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(isDll ? "dotnet" : cairnDll)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (isDll)
        {
            info.ArgumentList.Add(cairnDll);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("CAIRN_HOME");
        return info;
    }

    private static long ParseKb(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > (_options.KeepOutputLines ?? int.MaxValue))
            {
                _output.Dequeue();
            }
        }

        var at = line.IndexOf(ListeningMarker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(new Uri(line[(at + ListeningMarker.Length)..].Trim()));
        }
    }
}
