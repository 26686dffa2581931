using System.Diagnostics;

namespace Cairn.Bench;

/// <summary>
/// Closed-loop load: each client sends its next request as soon as the previous one is answered, until the
/// measurement's total is reached. Latency is taken around the whole call, as the client sees it.
/// </summary>
internal sealed class LoadRunner(TextWriter log)
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>One request of an operation: the client to use and the request's number (0-based, across clients).</summary>
    public delegate Task Operation(IRpcClient client, int index, CancellationToken ct);

    /// <summary>Runs <paramref name="total"/> requests over <paramref name="clients"/> and summarises them.</summary>
    public async Task<LatencyStats> RunAsync(string name, IReadOnlyList<IRpcClient> clients, int total, Operation operation, CancellationToken ct)
    {
        var next = -1;
        var errors = 0;
        var perClient = clients.Select(_ => new List<double>(total / clients.Count + 1)).ToArray();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < total)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await operation(client, index, ct);
                    perClient[c].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref errors);
                    Record($"{name} over {client.Transport}: {ex.Message}");
                }
            }
        }, ct)));
        var wall = Stopwatch.GetElapsedTime(started);
        var stats = LatencyStats.From(name, clients[0].Transport, clients.Count, perClient.SelectMany(s => s).ToList(), errors, wall);
        log.WriteLine($"    {name,-28} {stats.Transport,-4} x{stats.Clients,-3} p50 {stats.P50Ms,8:0.000} ms  p99 {stats.P99Ms,8:0.000} ms  {stats.PerSecond,8:0} /s{(errors > 0 ? $"  {errors} ERRORS" : "")}");
        return stats;
    }

    /// <summary>Untimed requests that let the gateway's JIT and caches settle before measuring.</summary>
    public static async Task WarmAsync(IRpcClient client, int count, Operation operation, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            await operation(client, i, ct);
        }
    }

    public void Record(string error)
    {
        lock (_errors)
        {
            if (_errors.Count < 50)
            {
                _errors.Add(error);
            }
        }
    }
}
