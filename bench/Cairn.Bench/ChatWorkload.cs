using System.Diagnostics;
using System.Globalization;
using Cairn.Client;
using Cairn.Protocol;

namespace Cairn.Bench;

/// <summary>
/// <c>chat.send</c> with the echo provider. Over WebSocket: time from sending to the first <c>chat</c> delta and
/// to the final event, and the delta events a client receives per second (with the gaps between them). Over
/// HTTP: <c>wait: true</c>, which answers at the final. Each client sends in a session of its own, because a
/// second send while a reply streams is refused.
/// </summary>
internal sealed class ChatWorkload(BenchOptions options, ClientFactory clients, LoadRunner runner, TextWriter log)
{
    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];
    private long _conflicts;

    public async Task<List<LatencyStats>> RunAsync(CancellationToken ct)
    {
        await using var admin = await clients.OpenAsync("http", 1, ct);
        var keys = new List<string>();
        for (var c = 0; c < options.Clients; c++)
        {
            var created = await admin.Clients[0].CallAsync<SessionsCreateResult>("sessions.create",
                new SessionsCreateParams($"Bench chat {_tag} {c}", Persistent: false), ct);
            keys.Add(created.Key);
        }

        var results = new List<LatencyStats>();
        await WarmAsync(keys[0], ct);
        foreach (var count in new[] { 1, options.Clients })
        {
            results.AddRange(await StreamAsync(keys, count, BenchOptions.Total(options.ChatRuns, count), ct));
        }

        foreach (var count in new[] { 1, options.Clients })
        {
            await using var group = await clients.OpenAsync("http", count, ct);
            var keyOf = group.Clients.Select((client, i) => (client, key: keys[i])).ToDictionary(x => x.client, x => x.key);
            results.Add(await runner.RunAsync("chat.send wait (to final)", group.Clients, BenchOptions.Total(options.ChatRuns, count),
                (client, index, t) => SendAndWaitAsync(client, keyOf[client], index, t), ct));
        }

        foreach (var key in keys)
        {
            await admin.Clients[0].CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams(key), ct);
            await admin.Clients[0].CallAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams(key), ct);
        }

        return results;
    }

    private static string Message(int index) => string.Create(CultureInfo.InvariantCulture,
        $"Bench message {index} about the harbor roadmap: please list the open items, who owns each one, and the next date for every item, so that we can plan the week.");

    private async Task WarmAsync(string key, CancellationToken ct)
    {
        await using var ws = await clients.ConnectWsAsync(ct);
        await ws.WatchAsync(key, options.AllChatEvents, ct);
        for (var i = 0; i < Math.Max(5, options.Warmup / 5); i++)
        {
            await OneRunAsync(ws, key, i, ct);
        }
    }

    private async Task<LatencyStats[]> StreamAsync(List<string> keys, int count, int total, CancellationToken ct)
    {
        var sockets = new List<WsRpcClient>();
        try
        {
            for (var c = 0; c < count; c++)
            {
                sockets.Add(await clients.ConnectWsAsync(ct));
                await sockets[c].WatchAsync(keys[c], options.AllChatEvents, ct);
            }

            var samples = new StreamSamples();
            var next = -1;
            var deltasBefore = sockets.Sum(s => s.ChatDeltasReceived);
            var conflictsBefore = Interlocked.Read(ref _conflicts);
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(sockets.Select((ws, c) => Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < total)
                {
                    await OneMeasuredRunAsync(ws, keys[c], index, samples, ct);
                }
            }, ct)));
            var wall = Stopwatch.GetElapsedTime(started);
            var deltas = sockets.Sum(s => s.ChatDeltasReceived) - deltasBefore;
            var note = $"each client received {deltas / (double)count / wall.TotalSeconds:0} delta events/s ({deltas / wall.TotalSeconds:0}/s over all clients); " +
                $"{Interlocked.Read(ref _conflicts) - conflictsBefore} sends retried after CONFLICT right after a final";
            var stats = samples.Summarise(count, wall, deltas / (double)count / wall.TotalSeconds, note);
            foreach (var s in stats)
            {
                log.WriteLine($"    {s.Operation,-28} ws   x{count,-3} p50 {s.P50Ms,8:0.000} ms  p99 {s.P99Ms,8:0.000} ms  {s.PerSecond,8:0} /s{(s.Errors > 0 ? $"  {s.Errors} ERRORS" : "")}");
            }

            return stats;
        }
        finally
        {
            foreach (var ws in sockets)
            {
                await ws.DisposeAsync();
            }
        }
    }

    private async Task OneMeasuredRunAsync(WsRpcClient ws, string key, int index, StreamSamples samples, CancellationToken ct)
    {
        try
        {
            var run = await OneRunAsync(ws, key, index, ct);
            samples.Add(run.FirstMs, run.FinalMs, run.GapsMs);
        }
        catch (Exception ex) when (ex is CairnCallException or GatewayUnreachableException or BenchFailure or OperationCanceledException or TimeoutException)
        {
            samples.Failed();
            runner.Record($"chat.send over ws: {ex.Message}");
        }
    }

    /// <summary>Sends one message and reads its events up to the final; times are from the accepted send to arrival.</summary>
    private async Task<(double FirstMs, double FinalMs, List<double> GapsMs)> OneRunAsync(WsRpcClient ws, string key, int index, CancellationToken ct)
    {
        var (reply, sentAt) = await SendAsync(ws, key, index, ct);
        var runId = reply.RunId;
        if (reply.Status != SendStatus.Started)
        {
            throw new BenchFailure($"chat.send answered {reply}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Rpc.Timeout);
        double? first = null;
        var gaps = new List<double>();
        var previous = 0L;
        while (true)
        {
            var evt = await ws.ChatEvents.ReadAsync(timeout.Token);
            if (evt.RunId != runId)
            {
                continue;
            }

            switch (evt.State)
            {
                case RunState.Delta:
                    first ??= Ms(sentAt, evt.ReceivedAt);
                    if (previous != 0)
                    {
                        gaps.Add(Ms(previous, evt.ReceivedAt));
                    }

                    previous = evt.ReceivedAt;
                    break;
                case RunState.Final:
                    return (first ?? Ms(sentAt, evt.ReceivedAt), Ms(sentAt, evt.ReceivedAt), gaps);
                default:
                    throw new BenchFailure($"chat run {runId} ended {evt.State}");
            }
        }
    }

    /// <summary>
    /// The gateway publishes a run's final event a moment before it frees the session, so a client that sends
    /// again at once can get CONFLICT. Such a send is retried (and counted); the time starts at the accepted one.
    /// </summary>
    private async Task<(ChatSendResult Reply, long SentAt)> SendAsync(WsRpcClient ws, string key, int index, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var sentAt = Stopwatch.GetTimestamp();
            try
            {
                return (await ws.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(Message(index), key), ct), sentAt);
            }
            catch (CairnCallException ex) when (ex.Error.Code == ErrorCode.Conflict && attempt < 100)
            {
                Interlocked.Increment(ref _conflicts);
                await Task.Delay(1, ct);
            }
        }
    }

    private static async Task SendAndWaitAsync(IRpcClient client, string key, int index, CancellationToken ct)
    {
        var reply = await client.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(Message(index), key, Wait: true), ct);
        if (reply.Status != SendStatus.Final)
        {
            throw new BenchFailure($"chat.send with wait ended {reply.Status.WireName()}");
        }
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
