using System.Data.Common;

namespace Cairn.Store;

/// <summary>
/// Transcript rows per session generation. Appends update the session's counters in the same transaction,
/// so <c>messageCount</c> never disagrees with the rows, even after a crash.
/// </summary>
public sealed partial class TranscriptStore(CairnDatabase db)
{
    private const string Columns =
        "seq, role, text, created_at, input_tokens, output_tokens, run_id, incomplete, covers_from, covers_to, reason, token_count";

    /// <summary>
    /// Starts a user turn: applies the reset the caller planned (the reset policy's, when the session is due),
    /// records the idempotency key and appends the message — one transaction, so the reset and the message commit
    /// together. A known idempotency key (keys are per session) changes nothing; with another message it is
    /// <see cref="StoreStatus.IdempotencyKeyReused"/>, carrying the earlier run. A planned reset the row no longer allows (persistent now,
    /// or reset or written to since the plan was made) is skipped and the message joins the current generation.
    /// </summary>
    public Task<StoreResult<TurnStart>> BeginTurnAsync(string key, NewMessage message, string? idempotencyKey, ResetPlan? resetFirst,
        long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        var entry = SessionStore.Get(c, tx, key);
        if (entry is null)
        {
            return StoreResult<TurnStart>.Fail(StoreStatus.NotFound);
        }

        var hash = idempotencyKey is null ? null : Sha256(message.Text);
        if (idempotencyKey is not null && PreviousRun(c, tx, key, idempotencyKey) is { } previous)
        {
            // A key reused with another message is a client bug, not a retry: refuse it rather than answer another turn.
            return previous.Hash is null || previous.Hash == hash
                ? StoreResult<TurnStart>.Ok(new TurnStart(entry, null, previous.RunId))
                : new StoreResult<TurnStart>(StoreStatus.IdempotencyKeyReused, new TurnStart(entry, null, previous.RunId));
        }

        string? resetFrom = null;
        if (resetFirst is not null && SessionStore.Reset(c, tx, key, resetFirst, now) is { IsOk: true, Value: { } reset })
        {
            resetFrom = reset.PreviousSessionId;
            entry = reset.Entry;
        }

        if (idempotencyKey is not null)
        {
            using var remember = c.Command(
                "INSERT INTO chat_requests (idempotency_key, session_key, run_id, message_sha256, created_at) VALUES (@k, @s, @r, @h, @now)", tx)
                .With("@k", idempotencyKey).With("@s", key).With("@r", message.RunId).With("@h", hash).With("@now", now);
            remember.ExecuteNonQuery();
        }

        entry = Append(c, tx, entry, message, now);
        return StoreResult<TurnStart>.Ok(new TurnStart(entry, resetFrom, null));
    }, ct);

    /// <summary>
    /// Appends rows to the session's current generation, or to <paramref name="generation"/> when given: a reply
    /// that finishes after the session was reset belongs to the conversation it answered, not to the new one
    /// (and then the current counters do not move). NotFound when the session is gone, and when
    /// <paramref name="generation"/> is not one of this session's: the session was deleted and a new one made with
    /// the same key, and a late reply must not land in it.
    /// </summary>
    public Task<StoreResult<SessionEntry>> AppendAsync(string key, IReadOnlyList<NewMessage> messages, long now,
        string? generation = null, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) =>
        {
            var entry = SessionStore.Get(c, tx, key);
            if (entry is null || (generation is not null && generation != entry.SessionId && !HasGeneration(c, tx, key, generation)))
            {
                return StoreResult<SessionEntry>.Fail(StoreStatus.NotFound);
            }

            foreach (var message in messages)
            {
                if (generation is null || generation == entry.SessionId)
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

    /// <summary>The last <paramref name="limit"/> rows of a generation before <paramref name="beforeSeq"/>, oldest first.</summary>
    public IReadOnlyList<TranscriptMessage> History(string key, string sessionId, int limit, long? beforeSeq = null) => db.Read(c =>
    {
        using var command = c.Command(
            $"SELECT {Columns} FROM messages WHERE session_key = @k AND session_id = @s AND seq < @before ORDER BY seq DESC LIMIT @limit")
            .With("@k", key).With("@s", sessionId).With("@before", beforeSeq ?? long.MaxValue).With("@limit", limit);
        var rows = ReadAll(command);
        rows.Reverse();
        return rows;
    });

    /// <summary>The conversation the model sees: user and assistant rows of one generation, the latest <paramref name="max"/>.</summary>
    public IReadOnlyList<TranscriptMessage> Conversation(string key, string sessionId, int max) => db.Read(c =>
    {
        using var command = c.Command(
            $"SELECT {Columns} FROM messages WHERE session_key = @k AND session_id = @s AND role IN ('user', 'assistant') ORDER BY seq DESC LIMIT @max")
            .With("@k", key).With("@s", sessionId).With("@max", max);
        var rows = ReadAll(command);
        rows.Reverse();
        return rows;
    });

    /// <summary>The assistant reply a run stored, if it finished.</summary>
    public TranscriptMessage? ReplyOf(string key, string runId) => db.Read(c =>
    {
        using var command = c.Command($"SELECT {Columns} FROM messages WHERE session_key = @k AND run_id = @r AND role = 'assistant' LIMIT 1")
            .With("@k", key).With("@r", runId);
        var rows = ReadAll(command);
        return rows.Count == 0 ? null : rows[0];
    });

    private static bool HasGeneration(DbConnection c, DbTransaction tx, string key, string sessionId)
    {
        using var command = c.Command("SELECT EXISTS (SELECT 1 FROM messages WHERE session_key = @k AND session_id = @s)", tx)
            .With("@k", key).With("@s", sessionId);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private static (string RunId, string? Hash)? PreviousRun(DbConnection c, DbTransaction tx, string key, string idempotencyKey)
    {
        using var command = c.Command("SELECT run_id, message_sha256 FROM chat_requests WHERE session_key = @s AND idempotency_key = @k", tx)
            .With("@s", key).With("@k", idempotencyKey);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetNullableString(1)) : null;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    internal static SessionEntry Append(DbConnection c, DbTransaction tx, SessionEntry entry, NewMessage message, long now) =>
        Append(c, tx, entry, message, now, out _);

    internal static SessionEntry Append(DbConnection c, DbTransaction tx, SessionEntry entry, NewMessage message, long now, out long seq)
    {
        seq = Insert(c, tx, entry, message, now);
        var conversation = MessageRoles.IsConversation(message.Role);
        var updated = entry with
        {
            MessageCount = entry.MessageCount + (conversation ? 1 : 0),
            InputTokens = entry.InputTokens + (message.InputTokens ?? 0),
            OutputTokens = entry.OutputTokens + (message.OutputTokens ?? 0),
            LastMessageAt = conversation ? now : entry.LastMessageAt,
            UpdatedAt = Math.Max(now, entry.UpdatedAt),
        };
        using var counters = c.Command(
            "UPDATE sessions SET message_count = @count, input_tokens = @in, output_tokens = @out, last_message_at = @last, updated_at = @updated WHERE key = @k", tx)
            .With("@count", updated.MessageCount).With("@in", updated.InputTokens).With("@out", updated.OutputTokens)
            .With("@last", updated.LastMessageAt).With("@updated", updated.UpdatedAt).With("@k", entry.Key);
        counters.ExecuteNonQuery();
        return updated;
    }

    /// <summary>Writes one row at the next seq of <paramref name="entry"/>'s generation; counters are the caller's business.</summary>
    private static long Insert(DbConnection c, DbTransaction tx, SessionEntry entry, NewMessage message, long now)
    {
        using var next = c.Command("SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE session_key = @k AND session_id = @s", tx)
            .With("@k", entry.Key).With("@s", entry.SessionId);
        var seq = next.ScalarInt64();
        using var insert = c.Command(
            $"INSERT INTO messages (session_key, session_id, {Columns}) VALUES (@k, @s, @seq, @role, @text, @now, @in, @out, @run, @inc, @cf, @ct, @reason, @tokens)", tx)
            .With("@k", entry.Key).With("@s", entry.SessionId).With("@seq", seq).With("@role", message.Role).With("@text", message.Text)
            .With("@now", now).With("@in", message.InputTokens).With("@out", message.OutputTokens).With("@run", message.RunId)
            .With("@inc", message.Incomplete ? 1 : null).With("@cf", message.CoversFrom).With("@ct", message.CoversTo)
            .With("@reason", message.Reason).With("@tokens", message.TokenCount);
        insert.ExecuteNonQuery();
        if (message.Ending is { } ending)
        {
            AnalyticsRows.Reply(c, tx, entry.Key, now, ending);
        }

        return seq;
    }

    private static List<TranscriptMessage> ReadAll(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<TranscriptMessage>();
        while (reader.Read())
        {
            rows.Add(ReadRow(reader, 0));
        }

        return rows;
    }

    /// <summary>A row of <see cref="Columns"/>, starting at column <paramref name="at"/>.</summary>
    private static TranscriptMessage ReadRow(DbDataReader reader, int at) => new(reader.GetInt64(at), reader.GetString(at + 1),
        reader.GetString(at + 2), reader.GetInt64(at + 3), reader.GetNullableInt64(at + 4), reader.GetNullableInt64(at + 5),
        reader.GetNullableString(at + 6), reader.IsDBNull(at + 7) ? null : reader.GetInt64(at + 7) != 0, reader.GetNullableInt64(at + 8),
        reader.GetNullableInt64(at + 9), reader.GetNullableString(at + 10));
}
