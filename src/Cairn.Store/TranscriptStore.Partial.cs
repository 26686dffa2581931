using System.Data.Common;

namespace Cairn.Store;

/// <summary>
/// A reply stored while it streams: its row is written at the first text (assistant, incomplete, reason
/// <see cref="Streaming"/>), its text replaced as it grows, and finalised when the run ends (the reply, or the broken
/// stream's partial text followed by its error row). A run whose gateway died leaves the row streaming; whoever finds
/// the run orphaned marks it <see cref="Interrupted"/> (a lone gateway at start-up, a fleet's leader or the next send).
/// </summary>
public sealed partial class TranscriptStore
{
    /// <summary>The reason of a reply row whose run is still writing it.</summary>
    public const string Streaming = "streaming";

    /// <summary>
    /// The rows still streaming. The reason is a literal, not a parameter: only then may the planner use the partial
    /// index of streaming rows (migration 17) instead of reading every message.
    /// </summary>
    internal const string StreamingRowsSql = "SELECT session_key, session_id, seq, run_id FROM messages WHERE reason = '" + Streaming + "'";

    /// <summary>The reason of a reply row whose run ended without finishing it because its gateway stopped (crash, kill).</summary>
    public const string Interrupted = "interrupted";

    /// <summary>
    /// Writes the reply so far: a new row in <paramref name="generation"/> when <paramref name="seq"/> is null (its seq is
    /// returned), else that row's text. Null when the session or the generation is gone, or the row is no longer streaming.
    /// </summary>
    public Task<long?> SavePartialAsync(string key, string generation, long? seq, string runId, string text, int tokenCount, long now,
        CancellationToken ct = default) => db.WriteAsync<long?>((c, tx) =>
    {
        if (seq is { } existing)
        {
            using var update = c.Command(
                "UPDATE messages SET text = @text, token_count = @tokens WHERE session_key = @k AND session_id = @s AND seq = @seq AND reason = @streaming", tx)
                .With("@text", text).With("@tokens", tokenCount).With("@k", key).With("@s", generation).With("@seq", existing)
                .With("@streaming", Streaming);
            return update.ExecuteNonQuery() == 1 ? existing : null;
        }

        var entry = SessionStore.Get(c, tx, key);
        if (entry is null || (generation != entry.SessionId && !HasGeneration(c, tx, key, generation)))
        {
            return null;
        }

        var row = new NewMessage(MessageRoles.Assistant, text, RunId: runId) { Incomplete = true, Reason = Streaming, TokenCount = tokenCount };
        if (generation == entry.SessionId)
        {
            Append(c, tx, entry, row, now, out var appended);
            return appended;
        }

        return Insert(c, tx, entry with { SessionId = generation }, row, now);
    }, ct);

    /// <summary>
    /// Ends a streamed reply: its row (<paramref name="seq"/>) takes <paramref name="final"/>'s text, counts, incompleteness
    /// and reason, its tokens join the session's counters (when the generation is still current) and the day's analytics,
    /// its ending is counted, then <paramref name="after"/> is appended (a broken stream's error row). One transaction.
    /// NotFound when the session, the generation or the row is gone.
    /// </summary>
    public Task<StoreResult<SessionEntry>> FinishPartialAsync(string key, string generation, long seq, NewMessage final,
        IReadOnlyList<NewMessage> after, long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        var entry = SessionStore.Get(c, tx, key);
        if (entry is null)
        {
            return StoreResult<SessionEntry>.Fail(StoreStatus.NotFound);
        }

        using var update = c.Command(
            "UPDATE messages SET text = @text, input_tokens = @in, output_tokens = @out, incomplete = @inc, reason = @reason, token_count = @tokens " +
            "WHERE session_key = @k AND session_id = @s AND seq = @seq RETURNING created_at", tx)
            .With("@text", final.Text).With("@in", final.InputTokens).With("@out", final.OutputTokens).With("@inc", final.Incomplete ? 1 : null)
            .With("@reason", final.Reason).With("@tokens", final.TokenCount).With("@k", key).With("@s", generation).With("@seq", seq);
        if (update.ExecuteScalar() is not long createdAt)
        {
            return StoreResult<SessionEntry>.Fail(StoreStatus.NotFound);
        }

        CountTokens(c, tx, key, createdAt, final);
        if (generation == entry.SessionId && (final.InputTokens is not null || final.OutputTokens is not null))
        {
            entry = entry with
            {
                InputTokens = entry.InputTokens + (final.InputTokens ?? 0),
                OutputTokens = entry.OutputTokens + (final.OutputTokens ?? 0),
            };
            using var counters = c.Command("UPDATE sessions SET input_tokens = @in, output_tokens = @out WHERE key = @k", tx)
                .With("@in", entry.InputTokens).With("@out", entry.OutputTokens).With("@k", key);
            counters.ExecuteNonQuery();
        }

        if (final.Ending is { } ending)
        {
            AnalyticsRows.Reply(c, tx, key, now, ending);
        }

        foreach (var message in after)
        {
            if (generation == entry.SessionId)
            {
                entry = Append(c, tx, entry, message, now);
            }
            else
            {
                Insert(c, tx, entry with { SessionId = generation }, message, now);
            }
        }

        return StoreResult<SessionEntry>.Ok(entry);
    }, ct);

    /// <summary>Marks a dead run's streaming reply interrupted; how many rows it marked (0 or 1; 0 when it had stored no text yet).</summary>
    public Task<int> InterruptAsync(string key, string runId, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        using var command = c.Command("UPDATE messages SET reason = @interrupted WHERE session_key = @k AND run_id = @r AND reason = @streaming", tx)
            .With("@interrupted", Interrupted).With("@k", key).With("@r", runId).With("@streaming", Streaming);
        return command.ExecuteNonQuery();
    }, ct);

    /// <summary>
    /// A lone gateway's start-up: every reply still marked streaming was cut off by the previous process's end, since no
    /// run of this one has begun. Returns the (session key, run id) of each, so their end can be announced.
    /// </summary>
    public Task<IReadOnlyList<(string SessionKey, string RunId)>> InterruptAllAsync(Func<IReadOnlySet<string>> runningNow, CancellationToken ct = default) =>
        db.WriteAsync<IReadOnlyList<(string, string)>>((c, tx) =>
        {
            // Asked inside the write: a run's streaming row is written after the run started, through the same writer.
            var running = runningNow();
            var rows = new List<(string Key, string SessionId, long Seq, string RunId)>();
            using (var select = c.Command(StreamingRowsSql, tx))
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    var runId = reader.GetNullableString(3) ?? "";
                    if (!running.Contains(runId))
                    {
                        rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), runId));
                    }
                }
            }

            foreach (var row in rows)
            {
                using var update = c.Command("UPDATE messages SET reason = @interrupted WHERE session_key = @k AND session_id = @s AND seq = @q", tx)
                    .With("@interrupted", Interrupted).With("@k", row.Key).With("@s", row.SessionId).With("@q", row.Seq);
                update.ExecuteNonQuery();
            }

            return rows.Select(r => (r.Key, r.RunId)).ToList();
        }, ct);

    /// <summary>The streamed row's tokens, known only at its end, join its day's totals (its insert counted none).</summary>
    private static void CountTokens(DbConnection c, DbTransaction tx, string key, long createdAt, NewMessage final)
    {
        if (final.InputTokens is null && final.OutputTokens is null)
        {
            return;
        }

        using var command = c.Command(
            "INSERT INTO stats_session_day (session_key, day, input_tokens, output_tokens) VALUES (@k, @day, @in, @out) " +
            "ON CONFLICT (session_key, day) DO UPDATE SET input_tokens = stats_session_day.input_tokens + excluded.input_tokens, " +
            "output_tokens = stats_session_day.output_tokens + excluded.output_tokens", tx)
            .With("@k", key).With("@day", AnalyticsRows.Day(createdAt)).With("@in", final.InputTokens ?? 0).With("@out", final.OutputTokens ?? 0);
        command.ExecuteNonQuery();
    }
}
