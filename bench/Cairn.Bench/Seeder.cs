using System.Data.Common;
using System.Diagnostics;
using Cairn.Store;
using Microsoft.Data.Sqlite;

namespace Cairn.Bench;

/// <summary>
/// Writes N sessions with transcripts straight into a data dir's database through <see cref="CairnDatabase"/>
/// (which applies the migrations), in large transactions: seconds for 100,000 sessions, where the API would
/// take one durable commit each.
/// </summary>
internal static class Seeder
{
    private const int Chunk = 5_000;
    private static readonly long Day = (long)TimeSpan.FromDays(1).TotalMilliseconds;

    public static async Task<TimeSpan> SeedAsync(string dataDir, int n, int messagesPerSession, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        Directory.CreateDirectory(dataDir);
        using (var db = CairnDatabase.Open(Path.Combine(dataDir, CairnDatabase.FileName)))
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var random = new Random(42);
            for (var from = 0; from < n; from += Chunk)
            {
                var to = Math.Min(n, from + Chunk);
                await db.WriteAsync((c, tx) => InsertRange(c, tx, from, to, n, messagesPerSession, now, random), ct);
            }
        }

        // A pooled connection left open here would keep the file busy for the whole run: the gateway would not be
        // the last to close it, so it would leave its write-ahead log behind and the data dir would look bigger.
        SqliteConnection.ClearAllPools();
        return Stopwatch.GetElapsedTime(started);
    }

    private static int InsertRange(DbConnection c, DbTransaction tx, int from, int to, int n, int messages, long now, Random random)
    {
        using var session = Prepare(c, tx,
            "INSERT INTO sessions (key, session_id, label, label_norm, description, persistent, user_created, kind, created_at, " +
            "updated_at, last_message_at, message_count, input_tokens, output_tokens, rev, pinned) VALUES " +
            "($key, $sid, $label, $norm, $description, $persistent, $user, $kind, $created, $updated, $last, $count, $in, $out, 1, $pinned)",
            "$key", "$sid", "$label", "$norm", "$description", "$persistent", "$user", "$kind", "$created", "$updated", "$last", "$count", "$in", "$out", "$pinned");
        using var tag = Prepare(c, tx, "INSERT INTO session_tags (session_key, tag) VALUES ($key, $tag)", "$key", "$tag");
        using var message = Prepare(c, tx,
            "INSERT INTO messages (session_key, session_id, seq, role, text, created_at, input_tokens, output_tokens) VALUES " +
            "($key, $sid, $seq, $role, $text, $at, $in, $out)",
            "$key", "$sid", "$seq", "$role", "$text", "$at", "$in", "$out");
        for (var i = from; i < to; i++)
        {
            var created = now - (60 * Day) + (30 * Day * i / n);
            var updated = created + random.NextInt64(30 * Day);
            var sessionId = Guid.NewGuid().ToString();
            var label = SeedData.Label(i);
            Set(session, SeedData.Key(i), sessionId, label, SessionNames.Normalize(label), SeedData.Description(i),
                SeedData.Persistent(i) ? 1 : 0, SeedData.Peer(i) ? 0 : 1, SeedData.Peer(i) ? "peer" : "named",
                created, updated, messages > 0 ? updated : null, messages, messages * 20, messages * 30, SeedData.Pinned(i) ? 1 : 0);
            session.ExecuteNonQuery();
            foreach (var t in SeedData.Tags(i))
            {
                Set(tag, SeedData.Key(i), t);
                tag.ExecuteNonQuery();
            }

            for (var seq = 0; seq < messages; seq++)
            {
                var user = seq % 2 == 0;
                Set(message, SeedData.Key(i), sessionId, seq + 1, user ? "user" : "assistant", SeedData.Message(i, seq),
                    updated - ((messages - seq) * 1000L), user ? 40 : null, user ? null : 60);
                message.ExecuteNonQuery();
            }
        }

        return to - from;
    }

    private static SqliteCommand Prepare(DbConnection c, DbTransaction tx, string sql, params string[] names)
    {
        // The bench seeds SQLite files.
        var command = ((SqliteConnection)c).CreateCommand();
        command.Transaction = (SqliteTransaction)tx;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
