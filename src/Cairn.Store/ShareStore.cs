using System.Data.Common;

namespace Cairn.Store;

/// <summary>
/// A read-only share link as stored: the unguessable token, the session it shows, its label at share time, and either
/// a snapshot of the conversation (messages as JSON, written by the sharing feature) or <c>Live</c> (read at view time).
/// </summary>
public sealed record ShareRow(string Token, string SessionKey, string Label, bool Live, string? Snapshot, long CreatedAt, long ExpiresAt);

/// <summary>
/// Share links. A session's links go with it when it is purged (<see cref="SessionStore"/>'s purge statements); while
/// it is in the trash they neither open nor are listed, and a restore brings them back. Expired links are removed
/// whenever a link is created, and never shown.
/// </summary>
public sealed class ShareStore(CairnDatabase db)
{
    private const string Columns = "token, session_key, label, live, snapshot, created_at, expires_at";
    private const string OfSessionNotTrashed = "session_key IN (SELECT key FROM sessions WHERE trashed_at IS NULL)";

    /// <summary>Stores a new link; NotFound when the session is gone.</summary>
    public Task<StoreResult<ShareRow>> CreateAsync(ShareRow share, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        if (SessionStore.Get(c, tx, share.SessionKey) is null)
        {
            return StoreResult<ShareRow>.Fail(StoreStatus.NotFound);
        }

        using (var purge = c.Command("DELETE FROM shares WHERE expires_at <= @now", tx).With("@now", share.CreatedAt))
        {
            purge.ExecuteNonQuery();
        }

        using var insert = c.Command($"INSERT INTO shares ({Columns}) VALUES (@token, @key, @label, @live, @snapshot, @created, @expires)", tx)
            .With("@token", share.Token).With("@key", share.SessionKey).With("@label", share.Label).With("@live", share.Live ? 1 : 0)
            .With("@snapshot", share.Snapshot).With("@created", share.CreatedAt).With("@expires", share.ExpiresAt);
        insert.ExecuteNonQuery();
        return StoreResult<ShareRow>.Ok(share);
    }, ct);

    /// <summary>The link with this token if it has not expired at <paramref name="now"/> and its session is not in the trash.</summary>
    public ShareRow? Find(string token, long now) => db.Read(c =>
    {
        using var command = c.Command($"SELECT {Columns} FROM shares WHERE token = @token AND expires_at > @now AND {OfSessionNotTrashed}")
            .With("@token", token).With("@now", now);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Row(reader) : null;
    });

    /// <summary>The links that still work, newest first; of one session, or of all (not those of sessions in the trash). Snapshots are not read.</summary>
    public IReadOnlyList<ShareRow> List(string? sessionKey, long now) => db.Read(c =>
    {
        using var command = c.Command(
            "SELECT token, session_key, label, live, NULL, created_at, expires_at FROM shares " +
            $"WHERE expires_at > @now AND (CAST(@key AS TEXT) IS NULL OR session_key = @key) AND {OfSessionNotTrashed} ORDER BY created_at DESC, token")
            .With("@now", now).With("@key", sessionKey);
        using var reader = command.ExecuteReader();
        var rows = new List<ShareRow>();
        while (reader.Read())
        {
            rows.Add(Row(reader));
        }

        return (IReadOnlyList<ShareRow>)rows;
    });

    /// <summary>Revokes a link at once; false when there was no such link (or it had expired).</summary>
    public Task<bool> DeleteAsync(string token, long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        using var command = c.Command("DELETE FROM shares WHERE token = @token AND expires_at > @now", tx).With("@token", token).With("@now", now);
        return command.ExecuteNonQuery() > 0;
    }, ct);

    private static ShareRow Row(DbDataReader reader) => new(reader.GetString(0), reader.GetString(1), reader.GetString(2),
        reader.GetInt64(3) != 0, reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5), reader.GetInt64(6));
}
