using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Bench;

/// <summary>
/// <c>cairn-bench store-reads</c>: the store's share of <c>sessions.list</c> and <c>sessions.get</c>, in-process on a
/// data dir's SQLite file (no gateway, no socket): a page of 100 sessions, one session by key, and the page written as
/// the protocol's JSON. Wall time per call and the process's CPU time per call, which a busy machine distorts less.
/// </summary>
public static class StoreReadsBench
{
    public static int Run(string dataDir, int calls)
    {
        var path = Path.Combine(dataDir, CairnDatabase.FileName);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"cairn-bench: no {CairnDatabase.FileName} in {dataDir}");
            return 2;
        }

        using var db = CairnDatabase.Open(path);
        var store = new SessionStore(db);
        var page = store.List(new SessionQuery(100));
        var keys = page.Sessions.Select(s => s.Key).ToArray();
        var result = new SessionsListResult(page.Sessions, page.Next?.Encode(), page.Total);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(result, ProtocolJson.Options).Length;

        var list = Measure(calls, _ => store.List(new SessionQuery(100)).Sessions.Count);
        var get = Measure(calls * 10, i => store.Get(keys[i % keys.Length])!.Rev);
        var json = Measure(calls, _ => JsonSerializer.SerializeToUtf8Bytes(result, ProtocolJson.Options).Length);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Store reads on {path} ({store.Count()} sessions in use), in-process"));
        Print("SessionStore.List, 100 rows", list);
        Print("SessionStore.Get", get);
        Print($"page as JSON ({bytes} bytes)", json);
        return 0;
    }

    private static void Print(string name, (double P50, double P99, double CpuPerCall) m) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-32} p50 {m.P50,8:0.0} µs   p99 {m.P99,8:0.0} µs   CPU {m.CpuPerCall,8:0.0} µs/call"));

    private static (double P50, double P99, double CpuPerCall) Measure(int calls, Func<int, int> action)
    {
        var sink = 0;
        for (var i = 0; i < Math.Min(calls, 500); i++)
        {
            sink += action(i);
        }

        var samples = new double[calls];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            sink += action(i);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / calls;
        Array.Sort(samples);
        GC.KeepAlive(sink);
        return (samples[calls / 2], samples[Math.Min(calls - 1, (int)(calls * 0.99))], cpuPerCall);
    }
}
