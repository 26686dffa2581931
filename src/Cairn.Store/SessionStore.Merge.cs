using System.Data.Common;

namespace Cairn.Store;

/// <summary>
/// <c>sessions.merge</c>. A merge copies the conversation rows (user and assistant) of each source's current
/// conversation — commands, notices, failed turns and compaction summaries stay in the sources — into a new session or
/// after the last row of <c>into</c>'s current conversation, records each copy's origin (source key, conversation, seq),
/// and archives the sources that are not archived yet; all in one transaction. Nothing is deleted, nothing reset.
/// </summary>
public sealed partial class SessionStore
{
    /// <summary>What the merge would write, read in one snapshot; nothing is written.</summary>
    public (MergeOutline? Outline, MergeRefusal? Refusal) PreviewMerge(MergeRequest request) => db.ReadSnapshot((c, tx) =>
    {
        var planned = PlanMerge(c, tx, request, out var refusal);
        return (planned?.Outline(), refusal);
    });

    public Task<(MergeDone? Done, MergeRefusal? Refusal)> MergeAsync(MergeRequest request, long now, CancellationToken ct = default) =>
        db.WriteAsync<(MergeDone? Done, MergeRefusal? Refusal)>((c, tx) =>
    {
        var planned = PlanMerge(c, tx, request, out var refusal);
        return planned is null ? (null, refusal) : (WriteMerge(c, tx, planned, now), (MergeRefusal?)null);
    }, ct);

    private static PlannedMerge? PlanMerge(DbConnection c, DbTransaction tx, MergeRequest request, out MergeRefusal? refusal)
    {
        refusal = null;
        var sources = new List<SessionEntry>(request.Sources.Count);
        foreach (var key in request.Sources)
        {
            var source = Get(c, tx, key);
            if (source is null || source.Kind == SessionKind.Main)
            {
                refusal = new MergeRefusal(source is null ? StoreStatus.NotFound : StoreStatus.Protected, key, source);
                return null;
            }

            sources.Add(source);
        }

        SessionEntry? into = null;
        if (request.Into is { } intoKey)
        {
            into = Get(c, tx, intoKey);
            if (into is null || into.Archived)
            {
                refusal = new MergeRefusal(into is null ? StoreStatus.NotFound : StoreStatus.AlreadyArchived, intoKey, into);
                return null;
            }
        }

        string label;
        if (into is not null)
        {
            label = into.Label;
        }
        else if (request.Label is { } given)
        {
            if (LabelOwner(c, tx, SessionNames.Normalize(given)) is { } owner)
            {
                refusal = new MergeRefusal(StoreStatus.LabelTaken, owner.Key, owner);
                return null;
            }

            label = given;
        }
        else
        {
            label = ImportStore.UniqueLabel(c, tx, string.Join(" + ", sources.Select(s => s.Label)), selfKey: null);
        }

        var rows = new List<MergeRow>();
        for (var i = 0; i < sources.Count; i++)
        {
            rows.AddRange(ConversationRows(c, tx, sources[i], i));
        }

        var ordered = request.Order == MergeOrder.Time
            ? rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Position).ThenBy(r => r.SourceSeq).ToList()
            : rows.OrderBy(r => r.Position).ThenBy(r => r.SourceSeq).ToList();
        var firstSeq = into is null ? 1 : NextSeq(c, tx, into.Key, into.SessionId);
        return new PlannedMerge(sources, into, label, request, ordered, firstSeq);
    }

    private static List<MergeRow> ConversationRows(DbConnection c, DbTransaction tx, SessionEntry source, int position)
    {
        using var command = c.Command(
            "SELECT seq, role, text, created_at, input_tokens, output_tokens, incomplete, token_count FROM messages " +
            "WHERE session_key = @k AND session_id = @s AND role IN ('user', 'assistant') ORDER BY seq", tx)
            .With("@k", source.Key).With("@s", source.SessionId);
        using var reader = command.ExecuteReader();
        var rows = new List<MergeRow>();
        while (reader.Read())
        {
            rows.Add(new MergeRow(position, source.Key, source.SessionId, reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                reader.GetNullableInt64(4), reader.GetNullableInt64(5), !reader.IsDBNull(6) && reader.GetInt64(6) != 0,
                reader.IsDBNull(7) ? null : reader.GetInt32(7)));
        }

        return rows;
    }

    private static long NextSeq(DbConnection c, DbTransaction tx, string key, string sessionId)
    {
        using var next = c.Command("SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE session_key = @k AND session_id = @s", tx)
            .With("@k", key).With("@s", sessionId);
        return next.ScalarInt64();
    }

    private static MergeDone WriteMerge(DbConnection c, DbTransaction tx, PlannedMerge planned, long now)
    {
        var target = planned.Into;
        if (target is null)
        {
            var key = FreeKey(c, tx, SessionNames.Slug(planned.Label));
            target = Insert(c, tx, new NewSession(key, false, planned.Label, planned.Description, planned.Persistent, true, SessionKind.Named,
                planned.Request.NewSessionId), key, now);
            using var prompt = c.Command("UPDATE sessions SET system_prompt = @prompt, model = @model WHERE key = @key", tx)
                .With("@prompt", planned.SystemPrompt).With("@model", planned.Model).With("@key", key);
            prompt.ExecuteNonQuery();
        }

        using var merge = c.Command(
            "INSERT INTO merges (target_key, target_session_id, created_target, ordering, created_at) VALUES (@key, @sid, @created, @order, @now) RETURNING id", tx)
            .With("@key", target.Key).With("@sid", target.SessionId).With("@created", planned.Into is null ? 1 : 0)
            .With("@order", planned.Request.Order.ToString().ToLowerInvariant()).With("@now", now);
        var mergeId = merge.ScalarInt64();
        for (var i = 0; i < planned.Sources.Count; i++)
        {
            using var source = c.Command(
                "INSERT INTO merge_sources (merge_id, position, source_key, source_session_id, archived_by_merge) VALUES (@id, @pos, @key, @sid, @archive)", tx)
                .With("@id", mergeId).With("@pos", i).With("@key", planned.Sources[i].Key).With("@sid", planned.Sources[i].SessionId)
                .With("@archive", planned.Sources[i].Archived ? 0 : 1);
            source.ExecuteNonQuery();
        }

        CopyRows(c, tx, planned, target, mergeId);
        Recount(c, tx, target.Key, target.SessionId, planned.Rows.Count > 0 ? now : null, now, bumpRev: planned.Into is not null);
        var archived = new List<SessionEntry>();
        foreach (var source in planned.Sources.Where(s => !s.Archived))
        {
            archived.Add(Update(c, tx, source, "archived_at", now, now).Value!);
        }

        return new MergeDone(planned.Outline(), GetAny(c, tx, target.Key)!, archived);
    }

    private static void CopyRows(DbConnection c, DbTransaction tx, PlannedMerge planned, SessionEntry target, long mergeId)
    {
        using var insert = c.Command(
            "INSERT INTO messages (session_key, session_id, seq, role, text, created_at, input_tokens, output_tokens, incomplete, token_count) " +
            "VALUES (@key, @sid, @seq, @role, @text, @created, @in, @out, @inc, @tokens)", tx);
        using var origin = c.Command(
            "INSERT INTO message_origins (session_key, session_id, seq, merge_id, source_key, source_session_id, source_seq) " +
            "VALUES (@key, @sid, @seq, @id, @src, @srcSid, @srcSeq)", tx);
        for (var i = 0; i < planned.Rows.Count; i++)
        {
            var row = planned.Rows[i];
            var seq = planned.FirstSeq + i;
            insert.Parameters.Clear();
            insert.With("@key", target.Key).With("@sid", target.SessionId).With("@seq", seq).With("@role", row.Role).With("@text", row.Text)
                .With("@created", row.CreatedAt).With("@in", row.InputTokens).With("@out", row.OutputTokens).With("@inc", row.Incomplete ? 1 : null)
                .With("@tokens", row.TokenCount);
            insert.ExecuteNonQuery();
            origin.Parameters.Clear();
            origin.With("@key", target.Key).With("@sid", target.SessionId).With("@seq", seq).With("@id", mergeId).With("@src", row.SourceKey)
                .With("@srcSid", row.SourceSessionId).With("@srcSeq", row.SourceSeq);
            origin.ExecuteNonQuery();
        }
    }
}
