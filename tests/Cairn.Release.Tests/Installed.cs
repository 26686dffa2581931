using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Cairn.Release.Tests;

/// <summary>
/// An installed <c>cairn</c> executable in a temp dir of its own (a fresh home, data dir and extraction dir, no
/// .NET on the path it is run with when self-contained), and the gateway it runs.
/// </summary>
public sealed class Installed : IAsyncDisposable
{
    private readonly List<Process> _gateways = [];

    public Installed(string executable, string root, IReadOnlyDictionary<string, string>? environment = null)
    {
        Executable = executable;
        Root = root;
        DataDir = Path.Combine(root, "data");
        Environment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["HOME"] = Path.Combine(root, "home"),
            ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = Path.Combine(root, "extract"),
            ["CAIRN_HOME"] = DataDir,
        };
    }

    public string Executable { get; }

    public string Root { get; }

    public string DataDir { get; }

    public Dictionary<string, string> Environment { get; }

    public string Token => File.ReadAllText(Path.Combine(DataDir, "gateway.token")).Trim();

    /// <summary>Starts <c>cairn gateway run --port 0</c>; returns its address from the banner.</summary>
    public async Task<Uri> StartGatewayAsync()
    {
        var process = Process.Start(Info("gateway", "run", "--port", "0")) ?? throw new InvalidOperationException("cairn did not start");
        _gateways.Add(process);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        void OnLine(string? line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }

            if (line?.Split("Listening:", 2) is [_, var url])
            {
                listening.TrySetResult(new Uri(url.Trim()));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var first = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        return first == listening.Task ? await listening.Task : throw new InvalidOperationException($"the gateway did not start:\n{output}");
    }

    /// <summary>Runs a cairn command to the end, with optional standard input.</summary>
    public async Task<(int Code, string Output)> RunAsync(string? input, params string[] args)
    {
        using var process = Process.Start(Info(args)) ?? throw new InvalidOperationException("cairn did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public async Task<JsonElement> CallAsync(Uri gateway, string method, object parameters)
    {
        using var http = new HttpClient { BaseAddress = gateway };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var body = new StringContent(JsonSerializer.Serialize(new { method, @params = parameters }), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/api", UriKind.Relative), body);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            if (!gateway.HasExited)
            {
                gateway.Kill(entireProcessTree: true);
                await gateway.WaitForExitAsync();
            }

            gateway.Dispose();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process may hold a file for a moment; the OS temp cleaner takes the rest.
        }
    }

    private ProcessStartInfo Info(params string[] args)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }
}
