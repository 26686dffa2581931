using System.Diagnostics;
using System.Globalization;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Bench;

/// <summary>
/// <c>cairn-bench store-writes</c>: durable writes in-process on a fresh SQLite file (no gateway, no socket), with 1,
/// 2, 4, 8 and 16 closed-loop writers each creating sessions one after the other (<see cref="SessionStore.CreateAsync(NewSession, long, CancellationToken)"/>,
/// one transaction each, WAL, <c>synchronous=FULL</c>). It shows what the store's single writer does with concurrent
/// writes (group commit, issue 20 round eight) without the CPU the gateway spends on each request, which on a shared
/// two-core machine hides it.
/// </summary>
public static class StoreWritesBench
{
    public static async Task<int> RunAsync(int perWriter, IReadOnlyList<int> writerCounts, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("cairn-store-writes-").FullName;
        try
        {
            using var db = CairnDatabase.Open(Path.Combine(dir, CairnDatabase.FileName));
            var store = new SessionStore(db);
            var created = 0;
            Task Create() => store.CreateAsync(New(Interlocked.Increment(ref created)), 1, ct);
            for (var i = 0; i < 1000; i++)
            {
                await Create();
            }

            Console.WriteLine($"Durable session creates, in-process on {db.Path}");
            Console.WriteLine("| writers | creates/s | p50 ms | p99 ms | CPU µs/create |");
            Console.WriteLine("|--:|--:|--:|--:|--:|");
            foreach (var writers in writerCounts)
            {
                var samples = new double[writers * perWriter];
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
                {
                    for (var i = 0; i < perWriter; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        await Create();
                        samples[w * perWriter + i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    }
                }, ct)));
                var seconds = clock.Elapsed.TotalSeconds;
                var cpuPer = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / samples.Length;
                Array.Sort(samples);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {writers} | {samples.Length / seconds:0} | {samples[samples.Length / 2]:0.000} | {samples[(int)(samples.Length * 0.99)]:0.000} | {cpuPer:0} |"));
            }

            Console.WriteLine($"Load average after: {Machine.LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static NewSession New(int n)
    {
        var label = string.Create(CultureInfo.InvariantCulture, $"Store writes {n}");
        return new NewSession(SessionNames.Slug(label), false, label, null, false, true, SessionKind.Named, Guid.NewGuid().ToString());
    }
}
