using System.Data.Common;

namespace Cairn.Store;

/// <summary>
/// <c>sessions.unmerge</c>: takes back the last merge (not undone yet) into a session, in one transaction. A merge that
/// made a new session: that session is purged when nothing was written to it since (it held only copies), and moved to
/// the trash otherwise (so no message written after the merge is lost). A merge that appended into an existing session:
/// exactly the rows it copied are removed and the counters recounted; rows written since stay. Either way every source
/// the merge archived, and that is still archived, is unarchived; a source archived before the merge stays archived.
/// </summary>
public sealed partial class SessionStore
{
    public Task<(UnmergeDone? Done, MergeRefusal? Refusal)> UnmergeAsync(string key, long now, CancellationToken ct = default) =>
        db.WriteAsync<(UnmergeDone? Done, MergeRefusal? Refusal)>((c, tx) =>
    {
        var target = Get(c, tx, key);
        if (target is null)
        {
            return (null, new MergeRefusal(StoreStatus.NotFound, key));
        }

        using var last = c.Command(
            "SELECT id, target_session_id, created_target FROM merges WHERE target_key = @key AND undone_at IS NULL ORDER BY id DESC LIMIT 1", tx)
            .With("@key", key);
        long mergeId;
        string sessionId;
        bool created;
        using (var reader = last.ExecuteReader())
        {
            if (!reader.Read())
            {
                return (null, new MergeRefusal(StoreStatus.NotMerged, key, target));
            }

            (mergeId, sessionId, created) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) != 0);
        }

        var restore = SourcesToRestore(c, tx, mergeId);
        var copies = Count(c, tx, "SELECT COUNT(*) FROM message_origins WHERE merge_id = @id", mergeId);
        string removed;
        SessionEntry? entry;
        if (created && target.SessionId == sessionId && Count(c, tx, "SELECT COUNT(*) FROM messages WHERE session_key = (SELECT target_key FROM merges WHERE id = @id)", mergeId) == copies)
        {
            foreach (var sql in PurgeStatements)
            {
                using var purge = c.Command(sql, tx).With("@key", key);
                purge.ExecuteNonQuery();
            }

            (removed, entry) = ("purged", null);
        }
        else if (created)
        {
            using var trash = c.Command("DELETE FROM peer_bindings WHERE key = @key", tx).With("@key", key);
            trash.ExecuteNonQuery();
            (removed, entry, copies) = ("trashed", Update(c, tx, target, "trashed_at", now, now).Value, 0);
        }
        else
        {
            using var delete = c.Command(
                "DELETE FROM messages WHERE (session_key, session_id, seq) IN (SELECT session_key, session_id, seq FROM message_origins WHERE merge_id = @id)", tx)
                .With("@id", mergeId);
            copies = delete.ExecuteNonQuery();
            using var origins = c.Command("DELETE FROM message_origins WHERE merge_id = @id", tx).With("@id", mergeId);
            origins.ExecuteNonQuery();
            Recount(c, tx, key, sessionId, null, now, bumpRev: true);
            (removed, entry) = ("messages", GetAny(c, tx, key));
        }

        if (removed != "purged")
        {
            using var undone = c.Command("UPDATE merges SET undone_at = @now WHERE id = @id", tx).With("@now", now).With("@id", mergeId);
            undone.ExecuteNonQuery();
        }

        var restored = new List<SessionEntry>();
        foreach (var sourceKey in restore)
        {
            if (Get(c, tx, sourceKey) is { Archived: true } source)
            {
                restored.Add(Update(c, tx, source, "archived_at", null, now).Value!);
            }
        }

        return (new UnmergeDone(key, removed, copies, restored, entry), (MergeRefusal?)null);
    }, ct);

    private static List<string> SourcesToRestore(DbConnection c, DbTransaction tx, long mergeId)
    {
        using var command = c.Command("SELECT source_key FROM merge_sources WHERE merge_id = @id AND archived_by_merge = 1 ORDER BY position", tx)
            .With("@id", mergeId);
        return ReadKeys(command);
    }

    private static int Count(DbConnection c, DbTransaction tx, string sql, long mergeId)
    {
        using var command = c.Command(sql, tx).With("@id", mergeId);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
