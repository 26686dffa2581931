using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Cairn.Client.Hosting;
using Cairn.Protocol;

namespace Cairn.Bench;

/// <summary>
/// <c>cairn-bench replicas</c> (issue 22): gateways as replicas on one PostgreSQL. For each fleet size (default 1, 2 and 3
/// replicas, each on a fresh database), 16 WebSocket clients spread round robin over the replicas run
/// <c>sessions.create</c> and then <c>sessions.list</c> (first page) closed loop: creates/s, lists/s, p50/p99. Then the
/// per-operation latency of one client on one gateway (create, get, list, patch), on SQLite and on PostgreSQL.
/// </summary>
internal static class ReplicasBench
{
    internal sealed record Options(IReadOnlyList<int> Replicas, int Clients, int Creates, int Lists, int LatencyOps, string? Postgres, string? OutPath);

    internal sealed record FleetResult(int Replicas, LatencyStats Creates, LatencyStats Lists);

    internal sealed record StoreLatency(string Store, LatencyStats Stats);

    internal sealed record ReplicasReport(string StartedAt, string Command, MachineInfo Machine, string PostgresVersion, Options Options,
        List<FleetResult> Fleets, List<StoreLatency> Latency, List<string> Errors);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly string FleetToken = "cairn-bench-fleet-" + Guid.NewGuid().ToString("N");

    public static async Task<int> RunAsync(Options options, string[] args, CancellationToken ct)
    {
        var loadBefore = Machine.LoadAverage();
        var startedAt = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture);
        var runner = new LoadRunner(Console.Out);
        var fleets = new List<FleetResult>();
        var latency = new List<StoreLatency>();
        var errors = new List<string>();
        await using var postgres = await BenchPostgres.StartAsync(options.Postgres, ct);
        Console.WriteLine($"PostgreSQL {postgres.ServerVersion}");
        try
        {
            foreach (var n in options.Replicas)
            {
                fleets.Add(await FleetAsync(postgres, n, options, runner, ct));
            }

            latency.AddRange(await SingleGatewayAsync("sqlite", null, options, runner, ct));
            latency.AddRange(await SingleGatewayAsync("postgres", await postgres.CreateDatabaseAsync(ct), options, runner, ct));
        }
        catch (Exception ex) when (ex is BenchFailure or Client.CairnCallException or Client.GatewayUnreachableException)
        {
            errors.Add($"FAILED: {ex.Message}");
        }

        errors.AddRange(runner.Errors);
        var report = new ReplicasReport(startedAt, "cairn-bench " + string.Join(' ', args), Machine.Describe(loadBefore), postgres.ServerVersion,
            options, fleets, latency, errors);
        WriteTables(report);
        if (options.OutPath is { } path)
        {
            await using (var file = File.Create(path))
            {
                await JsonSerializer.SerializeAsync(file, report, JsonOptions, CancellationToken.None);
            }

            Console.WriteLine($"\nJSON written to {path}");
        }

        var failed = errors.Count > 0 || fleets.Any(f => f.Creates.Errors + f.Lists.Errors > 0) || latency.Any(l => l.Stats.Errors > 0);
        return failed ? 1 : 0;
    }

    /// <summary>N replicas on a fresh database, the clients spread over them; the creates, then the lists.</summary>
    private static async Task<FleetResult> FleetAsync(BenchPostgres postgres, int n, Options options, LoadRunner runner, CancellationToken ct)
    {
        Console.WriteLine($"\n== {n} replica(s) on one PostgreSQL database, {options.Clients} WebSocket clients");
        var environment = PostgresEnvironment(await postgres.CreateDatabaseAsync(ct));
        var dirs = Enumerable.Range(0, n).Select(_ => Directory.CreateTempSubdirectory("cairn-bench-replica-").FullName).ToList();
        var gateways = new List<GatewayProcess>();
        try
        {
            // One at a time: the first applies the migrations, the others find them done.
            foreach (var dir in dirs)
            {
                gateways.Add(await BenchRunner.StartGatewayAsync(new BenchOptions(), dir, environment));
            }

            var clients = new List<IRpcClient>();
            try
            {
                for (var i = 0; i < options.Clients; i++)
                {
                    clients.Add(await WsRpcClient.ConnectAsync(gateways[i % n].Address, FleetToken, ct));
                }

                var labels = new Labels();
                await Task.WhenAll(clients.Select(client => LoadRunner.WarmAsync(client, 20, (c, _, t) => labels.CreateAsync(c, t), ct)));
                await Task.WhenAll(clients.Select(c => LoadRunner.WarmAsync(c, 20, ListAsync, ct)));
                var creates = await runner.RunAsync($"sessions.create, {n} replica(s)", clients, options.Creates, (c, _, t) => labels.CreateAsync(c, t), ct);
                var lists = await runner.RunAsync($"sessions.list, {n} replica(s)", clients, options.Lists, ListAsync, ct);
                Alive(gateways);
                return new FleetResult(n, creates, lists);
            }
            finally
            {
                foreach (var client in clients)
                {
                    await client.DisposeAsync();
                }
            }
        }
        finally
        {
            await StopAllAsync(gateways, dirs);
        }
    }

    /// <summary>One gateway, one WebSocket client, one request at a time: the latency of each operation on this store.</summary>
    private static async Task<List<StoreLatency>> SingleGatewayAsync(string store, string? connection, Options options, LoadRunner runner, CancellationToken ct)
    {
        Console.WriteLine($"\n== one gateway on {store}, one WebSocket client");
        var dir = Directory.CreateTempSubdirectory("cairn-bench-single-").FullName;
        var environment = connection is null ? new Dictionary<string, string> { ["CAIRN_GATEWAY__TOKEN"] = FleetToken } : PostgresEnvironment(connection);
        var gateways = new List<GatewayProcess>();
        try
        {
            gateways.Add(await BenchRunner.StartGatewayAsync(new BenchOptions(), dir, environment));
            await using var client = await WsRpcClient.ConnectAsync(gateways[0].Address, FleetToken, ct);
            IRpcClient[] one = [client];
            var labels = new Labels();
            await LoadRunner.WarmAsync(client, 50, (c, _, t) => labels.CreateAsync(c, t), ct);
            await LoadRunner.WarmAsync(client, 50, ListAsync, ct);
            await LoadRunner.WarmAsync(client, 50, (c, i, t) => c.CallAsync<SessionEntryResult>("sessions.get", new SessionKeyParams(labels.Key(i)), t), ct);
            await LoadRunner.WarmAsync(client, 50, (c, i, t) => PatchAsync(c, labels.Key(i), i, t), ct);
            var ops = options.LatencyOps;
            List<StoreLatency> results =
            [
                new(store, await runner.RunAsync($"sessions.create ({store})", one, ops, (c, _, t) => labels.CreateAsync(c, t), ct)),
                new(store, await runner.RunAsync($"sessions.get ({store})", one, ops, (c, i, t) => c.CallAsync<SessionEntryResult>("sessions.get", new SessionKeyParams(labels.Key(i)), t), ct)),
                new(store, await runner.RunAsync($"sessions.list ({store})", one, ops, ListAsync, ct)),
                new(store, await runner.RunAsync($"sessions.patch ({store})", one, ops, (c, i, t) => PatchAsync(c, labels.Key(i), i, t), ct)),
            ];
            Alive(gateways);
            return results;
        }
        finally
        {
            await StopAllAsync(gateways, [dir]);
        }
    }

    private static Dictionary<string, string> PostgresEnvironment(string connection) => new()
    {
        ["CAIRN_STORE__PROVIDER"] = "postgres",
        ["CAIRN_STORE__CONNECTIONSTRING"] = connection,
        ["CAIRN_GATEWAY__TOKEN"] = FleetToken,
    };

    private static Task ListAsync(IRpcClient client, int index, CancellationToken ct) =>
        client.CallAsync<SessionsListResult>("sessions.list", new { }, ct);

    private static Task<SessionEntryResult> PatchAsync(IRpcClient client, string key, int index, CancellationToken ct) =>
        client.CallAsync<SessionEntryResult>("sessions.patch", new { key, description = string.Create(CultureInfo.InvariantCulture, $"patched by cairn-bench, round {index}") }, ct);

    private static void Alive(List<GatewayProcess> gateways)
    {
        if (gateways.FirstOrDefault(g => g.HasExited) is { } dead)
        {
            throw new BenchFailure($"a gateway died during the run:\n{dead.Tail()}");
        }
    }

    private static async Task StopAllAsync(List<GatewayProcess> gateways, List<string> dirs)
    {
        foreach (var gateway in gateways)
        {
            await BenchRunner.StopGatewayAsync(gateway);
            await gateway.DisposeAsync();
        }

        foreach (var dir in dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void WriteTables(ReplicasReport report)
    {
        var m = report.Machine;
        Console.WriteLine();
        Console.WriteLine($"Machine: {m.Cores} cores, {m.Cpu}, {m.Memory} RAM; {m.Os}; {m.Runtime}; PostgreSQL {report.PostgresVersion}");
        Console.WriteLine($"Load average before: {m.LoadBefore}; after: {m.LoadAfter}");
        Console.WriteLine();
        Console.WriteLine("| replicas | creates/s | create p50 ms | create p99 ms | lists/s | list p50 ms | list p99 ms |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in report.Fleets)
        {
            Console.WriteLine(Invariant($"| {f.Replicas} | {f.Creates.PerSecond:0} | {f.Creates.P50Ms:0.0} | {f.Creates.P99Ms:0.0} | {f.Lists.PerSecond:0} | {f.Lists.P50Ms:0.0} | {f.Lists.P99Ms:0.0} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| operation (1 client) | SQLite p50 ms | SQLite p99 ms | PostgreSQL p50 ms | PostgreSQL p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var op in new[] { "create", "get", "list", "patch" })
        {
            var lite = report.Latency.FirstOrDefault(l => l.Store == "sqlite" && l.Stats.Operation.StartsWith("sessions." + op, StringComparison.Ordinal))?.Stats;
            var pg = report.Latency.FirstOrDefault(l => l.Store == "postgres" && l.Stats.Operation.StartsWith("sessions." + op, StringComparison.Ordinal))?.Stats;
            Console.WriteLine(Invariant($"| sessions.{op} | {lite?.P50Ms:0.00} | {lite?.P99Ms:0.00} | {pg?.P50Ms:0.00} | {pg?.P99Ms:0.00} |"));
        }

        foreach (var error in report.Errors.Take(10))
        {
            Console.WriteLine($"  {error}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Unique labels for the creates, and the keys they got, for the gets and patches.</summary>
    private sealed class Labels
    {
        private readonly string _tag = Guid.NewGuid().ToString("N")[..6];
        private readonly ConcurrentQueue<string> _keys = new();
        private string[] _snapshot = [];
        private int _next;

        public async Task CreateAsync(IRpcClient client, CancellationToken ct)
        {
            var label = string.Create(CultureInfo.InvariantCulture, $"Bench {_tag} {Interlocked.Increment(ref _next)}");
            var created = await client.CallAsync<SessionsCreateResult>("sessions.create", new { label, description = "made by cairn-bench", persistent = false }, ct);
            _keys.Enqueue(created.Key);
        }

        /// <summary>One of the created sessions, cycling through them.</summary>
        public string Key(int index)
        {
            if (_snapshot.Length != _keys.Count)
            {
                _snapshot = [.. _keys];
            }

            return _snapshot.Length == 0 ? "main" : _snapshot[index % _snapshot.Length];
        }
    }
}
