using System.Data.Common;

namespace Cairn.Store;

/// <summary>What <c>sessions.fork</c> asks of the store: the source, the last seq to copy (null: all), and the new session.</summary>
public sealed record ForkPlan(string SourceKey, long? FromSeq, string? Label, bool Persistent, string NewSessionId);

/// <summary>A fork made: the new session, the source it copied from, and how many rows it copied.</summary>
public sealed record ForkDone(SessionEntry Entry, SessionEntry Source, int Copied);

/// <summary>
/// <c>sessions.fork</c>: one transaction makes the new session and copies the source's current conversation up to the
/// seq into it, keeping every row's seq, role, text, time and counts. Because seqs are kept, a compaction summary
/// copied with them still covers the same rows: a summary is copied only when the range it covers ends at or before the
/// fork's seq (a summary is written after the rows it covers, so one at or before the seq always does), and the raw
/// rows are always copied too. Run ids are not copied (they belong to the source's runs).
/// </summary>
public sealed partial class SessionStore
{
    public Task<StoreResult<ForkDone>> ForkAsync(ForkPlan plan, long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        var source = Get(c, tx, plan.SourceKey);
        if (source is null)
        {
            return StoreResult<ForkDone>.Fail(StoreStatus.NotFound);
        }

        long upTo;
        if (plan.FromSeq is { } from)
        {
            using var exists = c.Command("SELECT EXISTS (SELECT 1 FROM messages WHERE session_key = @k AND session_id = @s AND seq = @seq)", tx)
                .With("@k", source.Key).With("@s", source.SessionId).With("@seq", from);
            if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return StoreResult<ForkDone>.Fail(StoreStatus.SeqNotFound, source);
            }

            upTo = from;
        }
        else
        {
            using var last = c.Command("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE session_key = @k AND session_id = @s", tx)
                .With("@k", source.Key).With("@s", source.SessionId);
            upTo = last.ScalarInt64();
        }

        var label = plan.Label ?? ImportStore.UniqueLabel(c, tx, ForkLabel(source.Label), selfKey: null);
        if (LabelOwner(c, tx, SessionNames.Normalize(label)) is { } owner)
        {
            return StoreResult<ForkDone>.Fail(StoreStatus.LabelTaken, owner);
        }

        var key = FreeKey(c, tx, SessionNames.Slug(label));
        var fork = Insert(c, tx, new NewSession(key, false, label, source.Description, plan.Persistent, true, SessionKind.Named, plan.NewSessionId), key, now);
        using (var origin = c.Command(
            "UPDATE sessions SET system_prompt = @prompt, model = @model, forked_from_key = @fk, forked_from_session_id = @fs, forked_from_seq = @seq " +
            "WHERE key = @key", tx)
            .With("@prompt", source.SystemPrompt).With("@model", source.Model).With("@fk", source.Key).With("@fs", source.SessionId).With("@seq", upTo).With("@key", key))
        {
            origin.ExecuteNonQuery();
        }

        using var copy = c.Command(
            "INSERT INTO messages (session_key, session_id, seq, role, text, created_at, input_tokens, output_tokens, run_id, incomplete, " +
            "covers_from, covers_to, reason, token_count) " +
            "SELECT @key, @sid, seq, role, text, created_at, input_tokens, output_tokens, NULL, incomplete, covers_from, covers_to, reason, token_count " +
            "FROM messages WHERE session_key = @src AND session_id = @srcSid AND seq <= @upTo AND (role <> 'summary' OR covers_to <= @upTo) ORDER BY seq", tx)
            .With("@key", key).With("@sid", fork.SessionId).With("@src", source.Key).With("@srcSid", source.SessionId).With("@upTo", upTo);
        var copied = copy.ExecuteNonQuery();
        Recount(c, tx, key, fork.SessionId, copied > 0 ? now : null, now, bumpRev: false);
        return StoreResult<ForkDone>.Ok(new ForkDone(GetAny(c, tx, key)!, source, copied));
    }, ct);

    /// <summary>"Work (fork)", cut so the suffix fits a label.</summary>
    internal static string ForkLabel(string label)
    {
        const string suffix = " (fork)";
        var stem = label.Length + suffix.Length > SessionNames.MaxLabelLength ? label[..(SessionNames.MaxLabelLength - suffix.Length)].TrimEnd() : label;
        return stem + suffix;
    }

    /// <summary>
    /// Sets a generation's counters from its rows (conversation rows counted, tokens summed). <paramref name="lastMessageAt"/>
    /// is what the copy counts as the last activity: the time of the fork or merge, so the reset policy does not take a
    /// conversation copied just now for an idle one; null recomputes it from the rows.
    /// </summary>
    internal static void Recount(DbConnection c, DbTransaction tx, string key, string sessionId, long? lastMessageAt, long now, bool bumpRev)
    {
        const string Rows = "FROM messages WHERE session_key = @key AND session_id = @sid";
        using var command = c.Command(
            $"UPDATE sessions SET message_count = (SELECT COUNT(*) {Rows} AND role IN ('user', 'assistant')), " +
            $"input_tokens = (SELECT COALESCE(SUM(input_tokens), 0) {Rows}), output_tokens = (SELECT COALESCE(SUM(output_tokens), 0) {Rows}), " +
            $"last_message_at = COALESCE(@last, (SELECT MAX(created_at) {Rows} AND role IN ('user', 'assistant'))), " +
            $"updated_at = {c.Dialect().Greatest("updated_at", "@now")}, rev = rev + @bump WHERE key = @key AND session_id = @sid", tx)
            .With("@key", key).With("@sid", sessionId).With("@last", lastMessageAt).With("@now", now).With("@bump", bumpRev ? 1 : 0);
        command.ExecuteNonQuery();
    }
}
