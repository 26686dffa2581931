using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Cairn.Client;
using Cairn.Protocol;
using Cairn.Store;
using Microsoft.Data.Sqlite;

namespace Cairn.Bench;

/// <summary>
/// <c>cairn-bench merge</c>: <c>sessions.merge</c> of two sessions × N messages (default 1,000) over HTTP on a real
/// gateway (target: under a second), with its preview and the unmerge that takes it back, each round on the same data.
/// A merge copies every row (with the search index's triggers and the provenance rows) and archives both sources in one
/// durable transaction; the time is the whole request, as a client sees it.
/// </summary>
internal static class MergeBench
{
    public static async Task<int> RunAsync(BenchOptions options, int messages, int rounds, CancellationToken ct)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"cairn-bench-merge-{Guid.NewGuid():N}"[..36]);
        Directory.CreateDirectory(dataDir);
        try
        {
            await SeedAsync(dataDir, messages, ct);
            await using var gateway = await BenchRunner.StartGatewayAsync(options, dataDir);
            using var api = new CairnHttpClient(gateway.Address, gateway.Token, TimeSpan.FromSeconds(120));
            var (preview, merge, unmerge) = (new List<double>(), new List<double>(), new List<double>());
            var request = new SessionsMergeParams(["bench-a", "bench-b"], Label: "Bench merged");
            for (var round = 0; round < rounds; round++)
            {
                preview.Add(await TimeAsync(() => api.CallAsync<SessionsMergeResult>("sessions.merge", request with { Preview = true }, ct)));
                SessionsMergeResult? merged = null;
                merge.Add(await TimeAsync(async () => merged = await api.CallAsync<SessionsMergeResult>("sessions.merge", request, ct)));
                if (merged!.Outline.Messages != 2 * messages)
                {
                    throw new BenchFailure($"the merge copied {merged.Outline.Messages} messages, not {2 * messages}");
                }

                unmerge.Add(await TimeAsync(() => api.CallAsync<SessionsUnmergeResult>("sessions.unmerge", new SessionKeyParams(merged.Key!), ct)));
            }

            await gateway.StopAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sessions.merge of 2 sessions × {messages:N0} messages over HTTP, {rounds} rounds (each: preview, merge, unmerge)"));
            Print("preview (read, nothing written)", preview);
            Print($"merge ({2 * messages:N0} rows copied + origins, 2 archived, one transaction)", merge);
            Print("unmerge (merged session purged, 2 unarchived)", unmerge);
            return merge.Max() < 1000 ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static void Print(string what, List<double> samples)
    {
        samples.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-62} median {samples[samples.Count / 2],7:0.0} ms   max {samples[^1],7:0.0} ms"));
    }

    /// <summary>Two persistent sessions whose turns alternate in time, each row a 40-word message with its token count.</summary>
    private static async Task SeedAsync(string dataDir, int messages, CancellationToken ct)
    {
        using var db = CairnDatabase.Open(Path.Combine(dataDir, CairnDatabase.FileName));
        await db.WriteAsync((c, tx) =>
        {
            foreach (var (key, offset) in new[] { ("bench-a", 0), ("bench-b", 1) })
            {
                Exec(c, tx, "INSERT INTO sessions (key, session_id, label, label_norm, persistent, user_created, kind, created_at, updated_at, message_count) " +
                    "VALUES ($key, $key, $key, $key, 1, 1, 'named', 0, 0, $n)", ("$key", key), ("$n", messages));
                for (var seq = 1; seq <= messages; seq++)
                {
                    var text = string.Join(' ', Enumerable.Range(0, 40).Select(i => SeedData.Message(seq + i, i)[..8]));
                    Exec(c, tx, "INSERT INTO messages (session_key, session_id, seq, role, text, created_at, token_count) VALUES ($key, $key, $seq, $role, $text, $at, 60)",
                        ("$key", key), ("$seq", seq), ("$role", seq % 2 == 1 ? "user" : "assistant"), ("$text", text), ("$at", 1_000_000L + (seq * 2) + offset));
                }
            }

            return 0;
        }, ct);
    }

    private static void Exec(DbConnection c, DbTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        // The bench stores are SQLite files.
        using var command = ((SqliteConnection)c).CreateCommand();
        command.Transaction = (SqliteTransaction)tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
