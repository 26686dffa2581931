using System.Diagnostics;
using Cairn.Client;
using Cairn.Client.Hosting;
using Cairn.Protocol;

namespace Cairn.Bench;

/// <summary>
/// Runs the whole benchmark: for each size, a fresh data dir seeded through the store, a real gateway process
/// (started twice to time start-up), the workload, memory and disk figures; or one pass against <c>--url</c>.
/// </summary>
internal sealed class BenchRunner(BenchOptions options, TextWriter log)
{
    private readonly LoadRunner _runner = new(log);

    public IReadOnlyList<string> Errors => _runner.Errors;

    public async Task<List<SizeResult>> RunAsync(CancellationToken ct)
    {
        var results = new List<SizeResult>();
        if (options.Url is { } url)
        {
            log.WriteLine($"Measuring the gateway at {url} (only sessions the benchmark creates are changed)");
            var stats = await WorkloadAsync(url, options.Token ?? "", new Targets(0), ct);
            results.Add(new SizeResult(0, 0, 0, 0, 0, 0, 0, 0, 0, stats));
            return results;
        }

        if (!File.Exists(options.CairnDll))
        {
            throw new BenchFailure($"{options.CairnDll} is missing: build the benchmark (it builds src/Cairn beside it).");
        }

        foreach (var n in options.Sizes)
        {
            results.Add(await RunSizeAsync(n, ct));
        }

        return results;
    }

    private async Task<SizeResult> RunSizeAsync(int n, CancellationToken ct)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"cairn-bench-{n}-{Guid.NewGuid():N}"[..32]);
        try
        {
            log.WriteLine($"\n== {n:N0} sessions ({options.MessagesPerSession} transcript messages each), data dir {dataDir}");
            var seed = await Seeder.SeedAsync(dataDir, n, options.MessagesPerSession, ct);
            log.WriteLine($"    seeded in {seed.TotalSeconds:0.0} s");

            var first = await StartGatewayAsync(dataDir);
            var startup = first.StartupTime;
            var integrity = await IntegrityCheckSecondsAsync(first.Address, ct);
            log.WriteLine($"    start-up integrity check (quick_check, in the background after ready): {(integrity is { } s ? $"{s * 1000:0} ms" : "not run")}");
            await StopGatewayAsync(first);
            await first.DisposeAsync();

            await using var gateway = await StartGatewayAsync(dataDir);
            log.WriteLine($"    gateway pid {gateway.Pid} at {gateway.Address}: ready in {startup.TotalMilliseconds:0} ms (first start), {gateway.StartupTime.TotalMilliseconds:0} ms (restart)");
            var (rssStart, _) = gateway.Memory();
            var stats = await WorkloadAsync(gateway.Address, gateway.Token, new Targets(n), ct);
            if (gateway.HasExited)
            {
                throw new BenchFailure($"the gateway died during the run:\n{gateway.Tail()}");
            }

            var (rssEnd, peak) = gateway.Memory();
            await StopGatewayAsync(gateway);
            var bytes = Machine.DirectorySize(dataDir);
            log.WriteLine($"    RSS {rssStart / 1024.0:0} MiB after start, {rssEnd / 1024.0:0} MiB after the run (peak {peak / 1024.0:0} MiB); data dir {bytes / 1048576.0:0.0} MiB");
            return new SizeResult(n, Math.Round(seed.TotalSeconds, 2), Math.Round(startup.TotalMilliseconds, 1), Math.Round(gateway.StartupTime.TotalMilliseconds, 1),
                rssStart, rssEnd, peak, bytes, bytes * 1000 / n, stats) { IntegrityCheckMs = integrity is { } i ? Math.Round(i * 1000, 1) : null };
        }
        finally
        {
            if (!options.KeepData)
            {
                TryDelete(dataDir);
            }
        }
    }

    /// <summary>
    /// How long the start-up <c>quick_check</c> ran (<c>/healthz</c> <c>store.integrity.seconds</c>): it runs after the
    /// gateway is ready, so it is not part of the start-up time and is reported on its own. Null when it did not run.
    /// </summary>
    public static async Task<double?> IntegrityCheckSecondsAsync(Uri address, CancellationToken ct)
    {
        using var health = new CairnHttpClient(address, token: null);
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            var (_, report) = await health.HealthAsync(ct);
            var integrity = report?.Store.Integrity;
            if (integrity is null || integrity.State != HealthIntegrity.Running)
            {
                return integrity?.Seconds;
            }

            await Task.Delay(50, ct);
        }

        return null;
    }

    private async Task<List<LatencyStats>> WorkloadAsync(Uri address, string token, Targets targets, CancellationToken ct)
    {
        var clients = new ClientFactory(address, token);
        var started = Stopwatch.GetTimestamp();
        var stats = await new SessionWorkload(options, clients, targets, _runner, log).RunAsync(ct);
        stats.AddRange(await new SearchWorkload(options, clients, targets, _runner).RunAsync(ct));
        stats.AddRange(await new ChatWorkload(options, clients, _runner, log).RunAsync(ct));
        log.WriteLine($"    workload took {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return stats;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp dir left behind is harmless.
        }
    }

    private Task<GatewayProcess> StartGatewayAsync(string dataDir) => StartGatewayAsync(options, dataDir);

    /// <summary>
    /// The gateway as a child process, with the settings a measurement needs (and <paramref name="environment"/>, such as
    /// a shared store) and the last 40 lines of its log kept.
    /// </summary>
    public static async Task<GatewayProcess> StartGatewayAsync(BenchOptions options, string dataDir, IReadOnlyDictionary<string, string>? environment = null)
    {
        try
        {
            return await GatewayProcess.StartAsync(new GatewayProcessOptions
            {
                DataDir = dataDir,
                CairnDll = options.CairnDll,
                ExtraArgs = ["--log-level", options.GatewayLogLevel],
                Environment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
                {
                    // Seeded sessions have old messages; the daily reset sweep would reset them during the measurements.
                    ["CAIRN_SESSION__RESET__MODE"] = "off",

                    // The per-connection message limit and the per-address HTTP rate protect a gateway from a runaway
                    // client; here the client is the load.
                    ["CAIRN_GATEWAY__LIMITS__MESSAGESPERSECOND"] = "1000000",
                    ["CAIRN_GATEWAY__LIMITS__MESSAGEBURST"] = "1000000",
                    ["CAIRN_GATEWAY__LIMITS__HTTPREQUESTSPERSECOND"] = "1000000",
                    ["CAIRN_GATEWAY__LIMITS__HTTPREQUESTBURST"] = "1000000",
                },
                KeepOutputLines = 40,
                StartTimeout = TimeSpan.FromMinutes(2),
            });
        }
        catch (InvalidOperationException ex)
        {
            throw new BenchFailure(ex.Message);
        }
    }

    /// <summary>SIGTERM and a clean exit; fails when the gateway had already died or exits with an error.</summary>
    public static async Task StopGatewayAsync(GatewayProcess gateway)
    {
        if (gateway.HasExited)
        {
            throw new BenchFailure($"the gateway exited on its own (code {gateway.ExitCode}):\n{gateway.Tail()}");
        }

        if (await gateway.StopAsync() is not 0 and var code)
        {
            throw new BenchFailure($"the gateway exited with code {code} on SIGTERM:\n{gateway.Tail()}");
        }
    }
}
