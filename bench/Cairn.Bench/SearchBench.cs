using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Cairn.Store;
using Microsoft.Data.Sqlite;

namespace Cairn.Bench;

/// <summary>
/// <c>cairn-bench search</c>: <c>search.query</c> over WebSocket on a real gateway at a given size (default 100,000
/// sessions × 10 messages = 1,000,000 messages), and what the index costs a write: a durable append of one message
/// with and without the search triggers.
/// </summary>
internal static class SearchBench
{
    public static async Task<int> RunAsync(BenchOptions options, int sessions, int messages, string? dataDir, CancellationToken ct)
    {
        var keep = dataDir is not null;
        dataDir ??= Path.Combine(Path.GetTempPath(), $"cairn-bench-search-{Guid.NewGuid():N}"[..36]);
        try
        {
            if (!File.Exists(Path.Combine(dataDir, CairnDatabase.FileName)))
            {
                Console.WriteLine($"Seeding {sessions:N0} sessions × {messages} messages into {dataDir} …");
                var took = await Seeder.SeedAsync(dataDir, sessions, messages, ct);
                Console.WriteLine($"  seeded in {took.TotalSeconds:0.0} s");
            }
            else
            {
                Console.WriteLine($"Using the seeded data dir {dataDir}");
            }

            await using (var gateway = await BenchRunner.StartGatewayAsync(options, dataDir))
            {
                Console.WriteLine($"search.query, {sessions:N0} sessions, {sessions * (long)messages:N0} messages (gateway ready in {gateway.StartupTime.TotalMilliseconds:0} ms)");
                var runner = new LoadRunner(Console.Out);
                await new SearchWorkload(options, new ClientFactory(gateway.Address, gateway.Token), new Targets(sessions), runner).RunAsync(ct);
                await gateway.StopAsync();
                if (runner.Errors.Count > 0)
                {
                    Console.Error.WriteLine(string.Join('\n', runner.Errors.Take(5)));
                    return 1;
                }
            }

            await IndexCostAsync(ct);
            return 0;
        }
        finally
        {
            if (!keep && Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    /// <summary>Appends messages one durable transaction each (as chat.send does) to a store with the index and one without.</summary>
    private static async Task IndexCostAsync(CancellationToken ct)
    {
        const int appends = 500;
        var with = await AppendAsync(dropIndex: false, appends, ct);
        var without = await AppendAsync(dropIndex: true, appends, ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Index cost on the write path ({appends} durable appends of a 60-word message each): p50 {with.P50:0.000} ms with the index, {without.P50:0.000} ms without (+{with.P50 - without.P50:0.000} ms); p99 {with.P99:0.000} / {without.P99:0.000} ms"));
    }

    private static async Task<(double P50, double P99)> AppendAsync(bool dropIndex, int appends, CancellationToken ct)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"cairn-bench-append-{Guid.NewGuid():N}"[..36]);
        Directory.CreateDirectory(dir);
        try
        {
            using var db = CairnDatabase.Open(Path.Combine(dir, CairnDatabase.FileName));
            if (dropIndex)
            {
                await db.WriteAsync((c, tx) => Exec(c, tx, "DROP TRIGGER message_search_insert"), ct);
            }

            await db.WriteAsync((c, tx) => Exec(c, tx,
                "INSERT INTO sessions (key, session_id, label, label_norm, persistent, user_created, kind, created_at, updated_at) " +
                "VALUES ('bench', 'g', 'Bench', 'bench', 1, 1, 'named', 0, 0)"), ct);
            var text = string.Join(' ', Enumerable.Range(0, 60).Select(i => SeedData.Message(i, i)[..12]));
            var samples = new List<double>(appends);
            for (var seq = 1; seq <= appends; seq++)
            {
                var at = Stopwatch.GetTimestamp();
                var n = seq;
                await db.WriteAsync((c, tx) => Exec(c, tx,
                    "INSERT INTO messages (session_key, session_id, seq, role, text, created_at) VALUES ('bench', 'g', $seq, 'user', $text, $seq)",
                    ("$seq", n), ("$text", text)), ct);
                samples.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
            }

            samples.Sort();
            return (samples[samples.Count / 2], samples[(int)(samples.Count * 0.99)]);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Exec(DbConnection c, DbTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        // The bench stores are SQLite files.
        using var command = ((SqliteConnection)c).CreateCommand();
        command.Transaction = (SqliteTransaction)tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }
}
