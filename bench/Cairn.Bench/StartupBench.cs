using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using static System.FormattableString;
using Cairn.Protocol;

namespace Cairn.Bench;

/// <summary>
/// <c>cairn-bench startup</c> (issue 20): start-up to ready and memory on one data dir, over several runs. Each run
/// starts the gateway, times it to its <c>Listening:</c> line (as the main benchmark does), reads the process's CPU
/// time and RSS right then and after a settle, walks <c>sessions.list</c> to the end 100 rows at a time and reads RSS
/// again, optionally sends one chat message (the first one loads the tokenizer) and reads RSS once more, and stops it.
/// A data dir given with <c>--data-dir</c> is copied first and only the copy is used.
/// </summary>
internal static class StartupBench
{
    public sealed record Options(string? DataDir, int Sessions, int Runs, bool Chat, bool IntegrityCheck, string CairnPath, string? OutPath);

    public sealed record Run(double ReadyMs, double CpuAtReadyMs, long RssReadyKb, long RssSettledKb, int Walked, double WalkMs, double WalkCpuMs,
        long RssAfterWalkKb, double? FirstChatMs, long? RssAfterChatKb, long PeakKb, double? IntegrityCheckMs);

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(Options options, CancellationToken ct)
    {
        if (!File.Exists(options.CairnPath))
        {
            await Console.Error.WriteLineAsync($"cairn-bench: {options.CairnPath} is missing");
            return 2;
        }

        var dataDir = Path.Combine(Path.GetTempPath(), $"cairn-startup-{Guid.NewGuid():N}"[..30]);
        try
        {
            await PrepareAsync(options, dataDir, ct);
            Console.WriteLine($"Start-up and memory: {options.CairnPath} on {dataDir} ({options.Runs} runs; load average {Machine.LoadAverage()})");
            var runs = new List<Run>();
            for (var i = 0; i < options.Runs; i++)
            {
                var run = await RunOnceAsync(options, dataDir, ct);
                runs.Add(run);
                Print(i + 1, run);
            }

            Summarise(runs);
            Console.WriteLine($"load average after: {Machine.LoadAverage()}");
            if (options.OutPath is { } path)
            {
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(runs, Indented), ct);
            }

            return 0;
        }
        catch (BenchFailure ex)
        {
            await Console.Error.WriteLineAsync($"cairn-bench: {ex.Message}");
            return 1;
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    /// <summary>A copy of <c>--data-dir</c> (never the original: the gateway migrates and writes), or a seeded or empty one.</summary>
    private static async Task PrepareAsync(Options options, string dataDir, CancellationToken ct)
    {
        if (options.DataDir is { } source)
        {
            var started = Stopwatch.GetTimestamp();
            Directory.CreateDirectory(dataDir);
            foreach (var file in Directory.EnumerateFiles(source).Where(f => Path.GetFileName(f) != "gateway.lock"))
            {
                File.Copy(file, Path.Combine(dataDir, Path.GetFileName(file)));
            }

            Console.WriteLine($"copied {source} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        }
        else if (options.Sessions > 0)
        {
            var seeded = await Seeder.SeedAsync(dataDir, options.Sessions, 4, ct);
            Console.WriteLine($"seeded {options.Sessions:N0} sessions in {seeded.TotalSeconds:0.0} s");
        }
    }

    private static async Task<Run> RunOnceAsync(Options options, string dataDir, CancellationToken ct)
    {
        var environment = new Dictionary<string, string>();
        if (!options.IntegrityCheck)
        {
            environment["CAIRN_STORE__QUICKCHECKSECONDS"] = "0";
        }

        await using var gateway = await BenchRunner.StartGatewayAsync(new BenchOptions { CairnDll = options.CairnPath }, dataDir, environment);
        var ready = gateway.StartupTime.TotalMilliseconds;
        var cpu = CpuMs(gateway.Pid);
        var (rssReady, _) = gateway.Memory();
        await Task.Delay(Settle, ct);
        var (rssSettled, _) = gateway.Memory();
        var integrity = options.IntegrityCheck ? await BenchRunner.IntegrityCheckSecondsAsync(gateway.Address, ct) : null;

        var api = new HttpRpcClient(gateway.Address, gateway.Token);
        await using (api)
        {
            var cpuBeforeWalk = CpuMs(gateway.Pid);
            var (walked, walkMs) = await WalkAsync(api, ct);
            var walkCpu = CpuMs(gateway.Pid) - cpuBeforeWalk;
            var (rssWalk, _) = gateway.Memory();
            double? chatMs = null;
            long? rssChat = null;
            if (options.Chat)
            {
                var started = Stopwatch.GetTimestamp();
                var reply = await api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("How long did the first message take?", "main", Wait: true), ct);
                chatMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (reply.Status != SendStatus.Final)
                {
                    throw new BenchFailure($"chat.send with wait ended {reply.Status.WireName()}");
                }

                rssChat = gateway.Memory().RssKb;
            }

            var (_, peak) = gateway.Memory();
            await BenchRunner.StopGatewayAsync(gateway);
            return new Run(Math.Round(ready, 1), cpu, rssReady, rssSettled, walked, Math.Round(walkMs, 1), walkCpu, rssWalk, chatMs is { } c ? Math.Round(c, 1) : null,
                rssChat, peak, integrity is { } s ? Math.Round(s * 1000, 1) : null);
        }
    }

    /// <summary>Every page of the default list, 100 rows at a time, following the cursor to the end.</summary>
    private static async Task<(int Rows, double Ms)> WalkAsync(HttpRpcClient api, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        string? cursor = null;
        var rows = 0;
        do
        {
            var page = await api.CallAsync<SessionsListResult>("sessions.list", new { limit = 100, cursor }, ct);
            rows += page.Sessions.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return (rows, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>User plus system CPU time of a process so far (/proc/&lt;pid&gt;/stat, in clock ticks of 10 ms).</summary>
    private static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static void Print(int index, Run r) => Console.WriteLine(
        Invariant($"  run {index}: ready {r.ReadyMs:0} ms (CPU {r.CpuAtReadyMs:0} ms); RSS {Mib(r.RssReadyKb)} at ready, {Mib(r.RssSettledKb)} after {Settle.TotalSeconds:0} s, ")
        + Invariant($"{Mib(r.RssAfterWalkKb)} after walking {r.Walked:N0} sessions in {r.WalkMs:0} ms (gateway CPU {r.WalkCpuMs:0} ms)")
        + (r.FirstChatMs is { } chat ? Invariant($", {Mib(r.RssAfterChatKb ?? 0)} after the first chat.send ({chat:0} ms)") : "")
        + Invariant($"; peak {Mib(r.PeakKb)}")
        + (r.IntegrityCheckMs is { } check ? Invariant($"; integrity check {check:0} ms after ready") : ""));

    private static void Summarise(List<Run> runs) => Console.WriteLine(
        Invariant($"median of {runs.Count}: ready {Median(runs, r => r.ReadyMs):0} ms, CPU at ready {Median(runs, r => r.CpuAtReadyMs):0} ms, ")
        + Invariant($"RSS after start {Median(runs, r => r.RssSettledKb) / 1024:0} MiB, after the list walk {Median(runs, r => r.RssAfterWalkKb) / 1024:0} MiB, ")
        + Invariant($"walk {Median(runs, r => r.WalkMs):0} ms (gateway CPU {Median(runs, r => r.WalkCpuMs):0} ms)")
        + (runs[0].FirstChatMs is null ? ""
            : Invariant($", first chat.send {Median(runs, r => r.FirstChatMs ?? 0):0} ms, RSS after it {Median(runs, r => r.RssAfterChatKb ?? 0) / 1024:0} MiB"))
        + (runs[0].IntegrityCheckMs is null ? "" : Invariant($", integrity check {Median(runs, r => r.IntegrityCheckMs ?? 0):0} ms")));

    private static double Median(List<Run> runs, Func<Run, double> value)
    {
        var sorted = runs.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Mib(long kb) => Invariant($"{kb / 1024.0:0} MiB");
}
