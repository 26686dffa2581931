using System.Data.Common;

namespace Cairn.Store;

/// <summary>What the context budget reads and writes: the rows a request may send, summaries, the context meter.</summary>
public sealed partial class TranscriptStore
{
    /// <summary>
    /// The current generation's rows the budget plans from, in seq order: user, assistant and summary rows after the
    /// end of the last summarised range, plus the summaries written after it (the active ones). Rows a summary stands
    /// for are not read again, so a long-lived session costs one range scan of its recent rows.
    /// </summary>
    public IReadOnlyList<ContextSourceRow> ContextRows(string key, string sessionId) => db.Read(c =>
    {
        using var command = c.Command(
            "SELECT seq, role, text, token_count, covers_from, covers_to FROM messages " +
            "WHERE session_key = @k AND session_id = @s AND role IN ('user', 'assistant', 'summary') AND seq > " +
            "(SELECT COALESCE(MAX(covers_to), 0) FROM messages WHERE session_key = @k AND session_id = @s AND role = 'summary') " +
            "ORDER BY seq")
            .With("@k", key).With("@s", sessionId);
        using var reader = command.ExecuteReader();
        var rows = new List<ContextSourceRow>();
        while (reader.Read())
        {
            var tokens = reader.GetNullableInt64(3);
            rows.Add(new ContextSourceRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), tokens is null ? null : (int)tokens,
                reader.GetNullableInt64(4), reader.GetNullableInt64(5)));
        }

        return (IReadOnlyList<ContextSourceRow>)rows;
    });

    /// <summary>
    /// Whether the current generation's last turn went unanswered: its last user or assistant row is the user's.
    /// That is what <c>chat.retry</c> answers again.
    /// </summary>
    public bool LastTurnUnanswered(string key, string sessionId) => LastTurnRole(key, sessionId) == MessageRoles.User;

    /// <summary>The role of the current generation's last user or assistant row; null when it has none.</summary>
    public string? LastTurnRole(string key, string sessionId) => db.Read(c =>
    {
        using var command = c.Command(
            "SELECT role FROM messages WHERE session_key = @k AND session_id = @s AND role IN ('user', 'assistant') ORDER BY seq DESC LIMIT 1")
            .With("@k", key).With("@s", sessionId);
        return command.ExecuteScalar() as string;
    });

    /// <summary>
    /// Whether a <c>notice</c> row with exactly <paramref name="text"/> was written in this generation after its newest
    /// summary: a notice that repeats a standing condition (the sliding window) is written once, not every turn.
    /// </summary>
    public bool NoticedSinceLastSummary(string key, string sessionId, string text) => db.Read(c =>
    {
        using var command = c.Command(
            "SELECT EXISTS (SELECT 1 FROM messages WHERE session_key = @k AND session_id = @s AND role = 'notice' AND text = @t AND seq > " +
            "(SELECT COALESCE(MAX(seq), 0) FROM messages WHERE session_key = @k AND session_id = @s AND role = 'summary'))")
            .With("@k", key).With("@s", sessionId).With("@t", text);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    });

    /// <summary>
    /// Appends one row (a summary, an error, a notice) to <paramref name="generation"/> (the current one when null)
    /// and returns it as stored. NotFound when the session is gone.
    /// </summary>
    public Task<StoreResult<TranscriptMessage>> AppendOneAsync(string key, NewMessage message, long now, string? generation = null,
        CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        var entry = SessionStore.Get(c, tx, key);
        if (entry is null)
        {
            return StoreResult<TranscriptMessage>.Fail(StoreStatus.NotFound);
        }

        long seq;
        if (generation is null || generation == entry.SessionId)
        {
            Append(c, tx, entry, message, now, out seq);
        }
        else
        {
            seq = Insert(c, tx, entry with { SessionId = generation }, message, now);
        }

        return StoreResult<TranscriptMessage>.Ok(Row(c, tx, key, generation ?? entry.SessionId, seq)!);
    }, ct);

    /// <summary>The context meter: the size of the last prompt sent (estimated, corrected) and the window it was budgeted for.</summary>
    public Task<StoreResult<SessionEntry>> SetContextMeterAsync(string key, long promptTokens, long window, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) =>
        {
            using var update = c.Command($"UPDATE sessions SET context_tokens = @t, context_window = @w WHERE key = @k AND {SessionStore.NotTrashed}", tx)
                .With("@t", promptTokens).With("@w", window).With("@k", key);
            return update.ExecuteNonQuery() == 0
                ? StoreResult<SessionEntry>.Fail(StoreStatus.NotFound)
                : StoreResult<SessionEntry>.Ok(SessionStore.Get(c, tx, key)!);
        }, ct);

    private static TranscriptMessage? Row(DbConnection c, DbTransaction tx, string key, string sessionId, long seq)
    {
        using var command = c.Command($"SELECT {Columns} FROM messages WHERE session_key = @k AND session_id = @s AND seq = @seq", tx)
            .With("@k", key).With("@s", sessionId).With("@seq", seq);
        var rows = ReadAll(command);
        return rows.Count == 0 ? null : rows[0];
    }
}
