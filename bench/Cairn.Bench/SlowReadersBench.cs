using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Cairn.Client;
using Cairn.Client.Hosting;
using Cairn.Protocol;

namespace Cairn.Bench;

/// <summary>
/// <c>cairn-bench slow-readers</c> (issue 19, finding 1): a real gateway with its default limits, a session whose
/// <c>chat.history</c> is about 1 MB, and N clients that ask for it again and again, under the message rate limit,
/// and never read their socket. Each one the gateway drops (its send buffer full) connects again at once and goes
/// on. The gateway's resident memory is sampled every 100 ms; the figure to watch is peak minus baseline (target:
/// under +100 MB). A client that does read must still be answered at the end.
/// </summary>
public static class SlowReadersBench
{
    private static readonly JsonSerializerOptions Indented = new(ProtocolJson.Options) { WriteIndented = true };

    /// <summary><see cref="Reading"/>: the control run, the same load from clients that do read every reply.</summary>
    public sealed record Options(int Clients, int Seconds, int PerSecond, int Messages, string CairnDll, string? OutPath, bool Reading = false);

    public sealed record Result(bool Reading, int Clients, int Seconds, int PerSecond, long HistoryBytes, long Requests, long Drops,
        long BaselineRssKb, long PeakSampledRssKb, long PeakHwmKb, long FinalRssKb, double ReaderAnswerMs)
    {
        /// <summary>RSS in KiB at the end of each 5 s of the load: flat means bounded.</summary>
        public IReadOnlyList<long> RssEvery5sKb { get; init; } = [];

        /// <summary>The runtime's GC figures (bytes) from <c>/metrics</c> near the end of the load, to see where memory went.</summary>
        public IReadOnlyDictionary<string, double> GcAtEnd { get; init; } = new Dictionary<string, double>();

        public long GrowthKb => Math.Max(PeakSampledRssKb, PeakHwmKb) - BaselineRssKb;
    }

    public static async Task<int> RunAsync(Options options, CancellationToken ct)
    {
        var dataDir = Directory.CreateTempSubdirectory("cairn-slow-readers-").FullName;
        try
        {
            await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
            {
                DataDir = dataDir,
                CairnDll = options.CairnDll,
                Environment = new Dictionary<string, string> { ["CAIRN_SESSION__RESET__MODE"] = "off" },
                KeepOutputLines = 40,
            });
            var result = await MeasureAsync(gateway, options, ct);
            Print(result);
            if (options.OutPath is { } path)
            {
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, Indented), ct);
            }

            return await gateway.StopAsync() == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<Result> MeasureAsync(GatewayProcess gateway, Options options, CancellationToken ct)
    {
        using var api = new CairnHttpClient(gateway.Address, gateway.Token);
        var text = string.Concat(Enumerable.Repeat("ab.", 10_000)); // one "word": the echo model repeats it whole
        for (var i = 0; i < options.Messages; i++)
        {
            await api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(text + i, SessionKey: "main", Wait: true), ct);
        }

        // A reading client pulls the history first: the path is warm and its size known before the baseline.
        await using var reader = await CairnConnection.ConnectAsync(gateway.Address, new CairnConnectionOptions { Token = gateway.Token }, ct);
        var history = await reader.CallAsync<JsonElement>("chat.history", new ChatHistoryParams("main", Limit: 500), ct);
        var historyBytes = Encoding.UTF8.GetByteCount(history.GetRawText());
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var baseline = gateway.Memory().RssKb;

        long requests = 0, drops = 0, peak = baseline;
        var loadStarted = Stopwatch.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(TimeSpan.FromSeconds(options.Seconds));
        var workers = Enumerable.Range(0, options.Clients)
            .Select(w => Task.Run(() => PullAsync(gateway, options.PerSecond, options.Reading, w, () => Interlocked.Increment(ref requests),
                () => Interlocked.Increment(ref drops), stop.Token), CancellationToken.None))
            .ToList();
        IReadOnlyDictionary<string, double> gc = new Dictionary<string, double>();
        var timeline = new List<long>();
        while (!stop.IsCancellationRequested)
        {
            var rss = gateway.Memory().RssKb;
            peak = Math.Max(peak, rss);
            if (Stopwatch.GetElapsedTime(loadStarted) >= TimeSpan.FromSeconds(5 * (timeline.Count + 1)))
            {
                timeline.Add(rss);
            }

            await Task.Delay(100, CancellationToken.None);
            if (stop.IsCancellationRequested || Stopwatch.GetElapsedTime(loadStarted) > TimeSpan.FromSeconds(options.Seconds - 1) && gc.Count == 0)
            {
                gc = await GcFiguresAsync(gateway.Address);
            }
        }

        await Task.WhenAll(workers);
        var answered = Stopwatch.GetTimestamp();
        await reader.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Limit: 1), ct);
        var readerMs = Stopwatch.GetElapsedTime(answered).TotalMilliseconds;
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var (final, hwm) = gateway.Memory();
        return new Result(options.Reading, options.Clients, options.Seconds, options.PerSecond, historyBytes, requests, drops, baseline, peak, hwm, final, readerMs)
        {
            GcAtEnd = gc,
            RssEvery5sKb = timeline,
        };
    }

    /// <summary>Heap size per generation after the last GC, committed memory, and the fragmentation, from the gateway's /metrics.</summary>
    private static async Task<IReadOnlyDictionary<string, double>> GcFiguresAsync(Uri gateway)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10) };
        var figures = new SortedDictionary<string, double>(StringComparer.Ordinal);
        try
        {
            foreach (var line in (await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n'))
            {
                if (line.StartsWith("dotnet_gc_last_collection_", StringComparison.Ordinal) && line.LastIndexOf(' ') is var space and > 0
                    && double.TryParse(line[(space + 1)..], CultureInfo.InvariantCulture, out var value))
                {
                    var generation = line.Contains("gc_heap_generation=\"", StringComparison.Ordinal)
                        ? "." + line.Split("gc_heap_generation=\"")[1].Split('"')[0] : "";
                    figures[line["dotnet_gc_last_collection_".Length..line.IndexOf('{', StringComparison.Ordinal)] + generation] = value;
                }
            }
        }
        catch (HttpRequestException)
        {
            // No figures: the measurement stands without them.
        }

        return figures;
    }

    /// <summary>One hostile client: connect, ask for the history at a steady rate, never read (unless the control run); reconnect when dropped.</summary>
    private static async Task PullAsync(GatewayProcess gateway, int perSecond, bool reading, int worker, Action sent, Action dropped, CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var uri = new UriBuilder(gateway.Address) { Scheme = "ws", Path = "/ws" }.Uri;
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(uri, stop);
                await SendAsync(socket, $$$"""{"type":"req","id":"c","method":"connect","params":{"token":"{{{gateway.Token}}}"}}""", stop);
                var drain = reading ? DrainAsync(socket, stop) : Task.CompletedTask;
                var next = Stopwatch.GetTimestamp();
                while (!stop.IsCancellationRequested)
                {
                    await SendAsync(socket, $$$"""{"type":"req","id":"{{{worker}}}-{{{n++}}}","method":"chat.history","params":{"sessionKey":"main","limit":500}}""", stop);
                    sent();
                    next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, stop);
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException)
            {
                dropped();
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task DrainAsync(ClientWebSocket socket, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open && (await socket.ReceiveAsync(buffer, stop)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Dropped or done: the sender notices too.
        }
    }

    private static Task SendAsync(ClientWebSocket socket, string frame, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, ct);

    private static void Print(Result r)
    {
        static string Mb(long kb) => string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0,7:0.0} MiB");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(r.Reading ? "Control (clients read)" : "Slow readers")}: {r.Clients} clients x {r.PerSecond} chat.history/s for {r.Seconds} s, {(r.Reading ? "reading every reply" : "never reading")}; one reply {r.HistoryBytes / 1048576.0:0.00} MiB"));
        Console.WriteLine($"  requests sent            {r.Requests,10}");
        Console.WriteLine($"  clients dropped          {r.Drops,10}   (each reconnected at once)");
        Console.WriteLine($"  RSS before               {Mb(r.BaselineRssKb)}");
        Console.WriteLine($"  RSS peak (100 ms samples){Mb(r.PeakSampledRssKb)}");
        Console.WriteLine($"  RSS peak (VmHWM)         {Mb(r.PeakHwmKb)}");
        Console.WriteLine($"  RSS after                {Mb(r.FinalRssKb)}");
        Console.WriteLine($"  growth (peak - before)   {Mb(r.GrowthKb)}   target: under 100 MiB -> {(r.GrowthKb < 100 * 1024 ? "met" : "NOT MET")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  a reading client's answer afterwards: {r.ReaderAnswerMs:0.0} ms"));
        Console.WriteLine("  RSS every 5 s: " + string.Join(" ", r.RssEvery5sKb.Select(kb => string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0:0}"))) + " MiB");
        Console.WriteLine("  GC near the end: " + string.Join(", ", r.GcAtEnd.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Value / 1048576:0.0} MiB"))));
    }
}
