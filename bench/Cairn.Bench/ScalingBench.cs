using System.Globalization;
using Cairn.Protocol;

namespace Cairn.Bench;

/// <summary>
/// <c>cairn-bench scaling</c> (issue 20, "throughput with 16 clients"): one real gateway on a seeded data dir, and
/// creates/s and lists/s (the default first page) over WebSocket with 1, 2, 4, 8 and 16 closed-loop clients, to show
/// how throughput grows with the clients and where latency starts to be queueing.
/// </summary>
internal static class ScalingBench
{
    private static readonly int[] ClientCounts = [1, 2, 4, 8, 16];

    public static async Task<int> RunAsync(BenchOptions options, int sessions, int perClient, CancellationToken ct)
    {
        var dataDir = Directory.CreateTempSubdirectory("cairn-scaling-bench-").FullName;
        try
        {
            Console.WriteLine($"Seeding {sessions:N0} sessions...");
            await Seeder.SeedAsync(dataDir, sessions, options.MessagesPerSession, ct);
            await using var gateway = await BenchRunner.StartGatewayAsync(options, dataDir);
            Console.WriteLine($"Gateway ready in {gateway.StartupTime.TotalMilliseconds:0} ms; load average {Machine.LoadAverage()}");
            var runner = new LoadRunner(TextWriter.Null);
            var clients = new ClientFactory(gateway.Address, gateway.Token);
            var created = 0;
            LoadRunner.Operation create = (c, i, t) => c.CallAsync<SessionsCreateResult>("sessions.create",
                new { label = string.Create(CultureInfo.InvariantCulture, $"Scaling {Interlocked.Increment(ref created)}"), persistent = false }, t);
            LoadRunner.Operation list = (c, i, t) => c.CallAsync<SessionsListResult>("sessions.list", new { }, t);

            await using (var warm = await clients.OpenAsync("ws", 1, ct))
            {
                await LoadRunner.WarmAsync(warm.Clients[0], 200, create, ct);
                await LoadRunner.WarmAsync(warm.Clients[0], 200, list, ct);
            }

            Console.WriteLine($"| clients | creates/s | create p50 ms | create p99 ms | lists/s | list p50 ms | list p99 ms |");
            Console.WriteLine($"|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var count in ClientCounts)
            {
                await using var group = await clients.OpenAsync("ws", count, ct);
                var c = await runner.RunAsync("sessions.create", group.Clients, perClient * count, create, ct);
                var l = await runner.RunAsync("sessions.list", group.Clients, perClient * count * 2, list, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {count} | {c.PerSecond:0} | {c.P50Ms:0.000} | {c.P99Ms:0.000} | {l.PerSecond:0} | {l.P50Ms:0.000} | {l.P99Ms:0.000} |"));
            }

            foreach (var error in runner.Errors)
            {
                Console.Error.WriteLine($"error: {error}");
            }

            Console.WriteLine($"Load average after: {Machine.LoadAverage()}");
            return runner.Errors.Count == 0 && await gateway.StopAsync() == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
