using System.Data.Common;

namespace Cairn.Store;

/// <summary>
/// Archive, trash, restore and purge. Archiving and trashing set a time on the row and keep everything else (messages,
/// key, label, aliases, share links); only a purge removes rows. <c>main</c> is never archived, trashed or purged. A
/// session in the trash keeps its key and label, so a restore always works and its URL stays the same.
/// </summary>
public sealed partial class SessionStore
{
    public Task<StoreResult<SessionEntry>> ArchiveAsync(string key, long now, CancellationToken ct = default) =>
        SetTime(key, "archived_at", now, now, current => current.Archived ? StoreStatus.AlreadyArchived : StoreStatus.Ok, ct);

    public Task<StoreResult<SessionEntry>> UnarchiveAsync(string key, long now, CancellationToken ct = default) =>
        SetTime(key, "archived_at", null, now, current => current.Archived ? StoreStatus.Ok : StoreStatus.NotArchived, ct);

    /// <summary>
    /// Moves a session to the trash: <c>trashed_at</c> is set, the peer bindings to it are dropped (those surfaces fall
    /// back to main), everything else stays.
    /// </summary>
    public Task<StoreResult<SessionEntry>> TrashAsync(string key, long now, CancellationToken ct = default) =>
        SetTime(key, "trashed_at", now, now, _ => StoreStatus.Ok, ct, "DELETE FROM peer_bindings WHERE key = @key");

    /// <summary>Takes a session out of the trash as it was (archived again if it was archived); NotTrashed when it is not there.</summary>
    public Task<StoreResult<SessionEntry>> RestoreAsync(string key, long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        var current = GetAny(c, tx, key);
        if (current is null)
        {
            return StoreResult<SessionEntry>.Fail(StoreStatus.NotFound);
        }

        return current.Trashed ? Update(c, tx, current, "trashed_at", null, now) : StoreResult<SessionEntry>.Fail(StoreStatus.NotTrashed, current);
    }, ct);

    /// <summary>
    /// Removes a session from the trash for good, with every message, alias, share link and idempotency key of it.
    /// Only a session in the trash is purged (NotTrashed otherwise), and with <paramref name="trashedBefore"/> only one
    /// trashed before that time: the retention's purge must not take a session restored and deleted again meanwhile.
    /// </summary>
    public Task<StoreResult<SessionEntry>> PurgeAsync(string key, long? trashedBefore = null, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        var current = GetAny(c, tx, key);
        if (current is null)
        {
            return StoreResult<SessionEntry>.Fail(StoreStatus.NotFound);
        }

        if (current.Kind == Protocol.SessionKind.Main)
        {
            return StoreResult<SessionEntry>.Fail(StoreStatus.Protected, current);
        }

        if (current.TrashedAt is not { } trashedAt || trashedAt >= (trashedBefore ?? long.MaxValue))
        {
            return StoreResult<SessionEntry>.Fail(StoreStatus.NotTrashed, current);
        }

        foreach (var sql in PurgeStatements)
        {
            using var command = c.Command(sql, tx).With("@key", key);
            command.ExecuteNonQuery();
        }

        return StoreResult<SessionEntry>.Ok(current);
    }, ct);

    /// <summary>Keys of sessions put in the trash before <paramref name="before"/>, oldest first (the retention's sweep).</summary>
    public IReadOnlyList<string> TrashedBefore(long before, int limit) => db.Read(c =>
    {
        using var command = c.Command("SELECT key FROM sessions WHERE trashed_at IS NOT NULL AND trashed_at < @before ORDER BY trashed_at LIMIT @limit")
            .With("@before", before).With("@limit", limit);
        return ReadKeys(command);
    });

    /// <summary>Statements that remove a session and everything that hangs off it; a later feature that stores per session adds to it.</summary>
    internal static readonly List<string> PurgeStatements =
    [
        "DELETE FROM messages WHERE session_key = @key",
        "DELETE FROM chat_requests WHERE session_key = @key",
        "DELETE FROM peer_bindings WHERE key = @key",
        "DELETE FROM session_aliases WHERE key = @key",
        "DELETE FROM shares WHERE session_key = @key",
        "DELETE FROM session_tags WHERE session_key = @key",
        "DELETE FROM message_origins WHERE session_key = @key",
        "DELETE FROM merge_sources WHERE merge_id IN (SELECT id FROM merges WHERE target_key = @key)",
        "DELETE FROM merges WHERE target_key = @key",
        "DELETE FROM stats_session_day WHERE session_key = @key",
        "DELETE FROM reply_timings WHERE session_key = @key",
        "DELETE FROM sessions WHERE key = @key",
    ];

    /// <summary>
    /// Sets or clears one of the two times of a session that is not in the trash, if <paramref name="check"/> allows
    /// (asked first, so "main is not archived" is said as such); main refuses any change.
    /// </summary>
    private Task<StoreResult<SessionEntry>> SetTime(string key, string column, long? value, long now, Func<SessionEntry, StoreStatus> check,
        CancellationToken ct, string? alsoRun = null) => db.WriteAsync((c, tx) =>
    {
        var current = Get(c, tx, key);
        if (current is null)
        {
            return StoreResult<SessionEntry>.Fail(StoreStatus.NotFound);
        }

        if (check(current) is not StoreStatus.Ok and var refused)
        {
            return StoreResult<SessionEntry>.Fail(refused, current);
        }

        if (current.Kind == Protocol.SessionKind.Main)
        {
            return StoreResult<SessionEntry>.Fail(StoreStatus.Protected, current);
        }

        if (alsoRun is not null)
        {
            using var also = c.Command(alsoRun, tx).With("@key", key);
            also.ExecuteNonQuery();
        }

        return Update(c, tx, current, column, value, now);
    }, ct);

    private static StoreResult<SessionEntry> Update(DbConnection c, DbTransaction tx, SessionEntry current, string column, long? value, long now)
    {
        using var command = c.Command($"UPDATE sessions SET {column} = @value, updated_at = {c.Dialect().Greatest("updated_at", "@now")}, rev = rev + 1 WHERE key = @key", tx)
            .With("@value", value).With("@now", now).With("@key", current.Key);
        command.ExecuteNonQuery();
        return StoreResult<SessionEntry>.Ok(GetAny(c, tx, current.Key)!);
    }
}
