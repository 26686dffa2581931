using System.Diagnostics;
using System.Globalization;
using Cairn.Client;
using Cairn.Client.Hosting;
using Cairn.Protocol;

namespace Cairn.Bench;

/// <summary>
/// <c>cairn-bench events</c> (issue 20, "events scale"): a real gateway, one client running chat turns, and N idle
/// WebSocket clients such as browser tabs on another page (each asks for no chat events, as the web UI does when
/// it shows no conversation). Measures a chat turn's latency before and with the idle clients, the gateway's RSS
/// per idle connection, and how long one <c>sessions.changed</c> takes to reach every idle client.
/// </summary>
public static class EventsBench
{
    public sealed record Options(int Idle, int Turns, int Changes, bool AllChatEvents, string CairnDll);

    public static async Task<int> RunAsync(Options options, CancellationToken ct)
    {
        var dataDir = Directory.CreateTempSubdirectory("cairn-events-bench-").FullName;
        try
        {
            await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
            {
                DataDir = dataDir,
                CairnDll = options.CairnDll,
                Environment = new Dictionary<string, string>
                {
                    ["CAIRN_SESSION__RESET__MODE"] = "off",
                    ["CAIRN_GATEWAY__LIMITS__MAXWEBSOCKETS"] = (options.Idle + 64).ToString(CultureInfo.InvariantCulture),
                    ["CAIRN_GATEWAY__LIMITS__MAXCONNECTIONS"] = (options.Idle + 256).ToString(CultureInfo.InvariantCulture),
                    ["CAIRN_GATEWAY__LIMITS__HTTPREQUESTSPERSECOND"] = "100000",
                    // Turns back to back on an idle machine pass the default 50 messages a second of one connection.
                    ["CAIRN_GATEWAY__LIMITS__MESSAGESPERSECOND"] = "1000000",
                    ["CAIRN_GATEWAY__LIMITS__MESSAGEBURST"] = "1000000",
                    ["CAIRN_GATEWAY__LIMITS__HTTPREQUESTBURST"] = "100000",
                },
                KeepOutputLines = 40,
            });
            await MeasureAsync(gateway, options, ct);
            return await gateway.StopAsync() == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task MeasureAsync(GatewayProcess gateway, Options options, CancellationToken ct)
    {
        await using var chatter = await Connect(gateway, ct);
        using var api = new CairnHttpClient(gateway.Address, gateway.Token);
        await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Watched"), ct);
        await TurnsAsync(chatter, options.Turns, ct); // warm-up
        var before = await TurnsAsync(chatter, options.Turns, ct);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var rssBefore = gateway.Memory().RssKb;

        Console.WriteLine($"Connecting {options.Idle} idle clients ({(options.AllChatEvents ? "every session's chat events" : "no chat events")})...");
        var idle = new List<IdleClient>();
        var started = Stopwatch.GetTimestamp();
        foreach (var batch in Enumerable.Range(0, options.Idle).Chunk(50))
        {
            idle.AddRange(await Task.WhenAll(batch.Select(_ => IdleClient.OpenAsync(gateway, options.AllChatEvents, ct))));
        }

        var connectSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var rssWith = gateway.Memory().RssKb;
        try
        {
            var with = await TurnsAsync(chatter, options.Turns, ct);
            var fanOut = new List<double>();
            for (var i = 0; i < options.Changes; i++)
            {
                var marker = $"m{i}";
                var sent = Stopwatch.GetTimestamp();
                await api.CallAsync<System.Text.Json.JsonElement>("sessions.patch", new SessionsPatchParams("watched", Description: marker), ct);
                var arrivals = await Task.WhenAll(idle.Select(c => c.ArrivalOfAsync(marker, ct)));
                fanOut.Add(Stopwatch.GetElapsedTime(sent, arrivals.Max()).TotalMilliseconds);
            }

            var turnsBefore = LatencyStats.From("chat turn, alone", "ws", 1, before, 0, TimeSpan.Zero);
            var turnsWith = LatencyStats.From($"chat turn, {options.Idle} idle", "ws", 1, with, 0, TimeSpan.Zero);
            var reach = LatencyStats.From($"sessions.changed to all {options.Idle}", "ws", options.Idle, fanOut, 0, TimeSpan.Zero);
            Console.WriteLine($"  connected in {connectSeconds:0.0} s; RSS {rssBefore / 1024.0:0.0} -> {rssWith / 1024.0:0.0} MiB: " +
                $"{(rssWith - rssBefore) / (double)options.Idle:0.0} KiB per idle connection");
            foreach (var s in new[] { turnsBefore, turnsWith, reach })
            {
                Console.WriteLine($"  {s.Operation,-34} p50 {s.P50Ms,8:0.000} ms  p99 {s.P99Ms,8:0.000} ms  max {s.MaxMs,8:0.000} ms  (n={s.Count})");
            }

            Console.WriteLine($"  chat turn p50 with the idle clients: {(turnsWith.P50Ms / turnsBefore.P50Ms - 1) * 100:+0;-0}% (target within 10%); " +
                $"sessions.changed to all p50 {reach.P50Ms:0.0} ms (target <= 100 ms)");
        }
        finally
        {
            await Task.WhenAll(idle.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static async Task<List<double>> TurnsAsync(CairnConnection chatter, int turns, CancellationToken ct)
    {
        var samples = new List<double>();
        for (var i = 0; i < turns; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            var result = await chatter.CallAsync<ChatSendResult>("chat.send", new ChatSendParams($"turn {i}", SessionKey: "watched", Wait: true), ct);
            samples.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            if (result.Status != SendStatus.Final)
            {
                throw new InvalidOperationException($"turn {i} ended {result.Status}");
            }
        }

        return samples;
    }

    private static Task<CairnConnection> Connect(GatewayProcess gateway, CancellationToken ct) =>
        CairnConnection.ConnectAsync(gateway.Address, new CairnConnectionOptions
        {
            Token = gateway.Token,
            Client = new ConnectClient("cairn-bench", "1"),
            EventBufferCapacity = 0,
        }, ct);

    /// <summary>A connected client that reads everything and stamps when each <c>sessions.changed</c> marker arrived.</summary>
    private sealed class IdleClient : IAsyncDisposable
    {
        private readonly CairnConnection _connection;
        private readonly IDisposable _events;
        private readonly Dictionary<string, TaskCompletionSource<long>> _arrivals = new(StringComparer.Ordinal);

        private IdleClient(CairnConnection connection)
        {
            _connection = connection;
            _events = connection.Subscribe(OnEvent);
        }

        public static async Task<IdleClient> OpenAsync(GatewayProcess gateway, bool allChat, CancellationToken ct)
        {
            var client = new IdleClient(await Connect(gateway, ct));
            await client._connection.CallAsync<EventsSubscribeResult>("events.subscribe", new EventsSubscribeParams(allChat ? null : []), ct);
            return client;
        }

        public async Task<long> ArrivalOfAsync(string marker, CancellationToken ct) =>
            await Arrival(marker).Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

        public async ValueTask DisposeAsync()
        {
            _events.Dispose();
            await _connection.DisposeAsync();
        }

        private TaskCompletionSource<long> Arrival(string marker)
        {
            lock (_arrivals)
            {
                if (!_arrivals.TryGetValue(marker, out var arrival))
                {
                    _arrivals[marker] = arrival = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return arrival;
            }
        }

        private void OnEvent(ServerEvent evt)
        {
            if (evt.Payload is SessionsChangedEvent { Entry.Description: { } marker })
            {
                Arrival(marker).TrySetResult(Stopwatch.GetTimestamp());
            }
        }
    }
}
