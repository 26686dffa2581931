using System.Data.Common;

namespace Cairn.Store;

public sealed partial class SessionStore
{
    /// <summary>
    /// Takes back a reset: the newest earlier conversation (the one whose last row is newest) becomes current again,
    /// with its counters; the conversation that was current stays stored as an older one (nothing is deleted), and is
    /// returned as <see cref="ResetResult.PreviousSessionId"/>. NothingToUndo when there is no earlier conversation.
    /// Allowed in persistent sessions: it restores, it does not wipe.
    /// </summary>
    public Task<StoreResult<ResetResult>> UndoResetAsync(string key, long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        var current = Get(c, tx, key);
        if (current is null)
        {
            return StoreResult<ResetResult>.Fail(StoreStatus.NotFound);
        }

        if (NewestEarlier(c, tx, key, current.SessionId) is not { } earlier)
        {
            return StoreResult<ResetResult>.Fail(StoreStatus.NothingToUndo, current);
        }

        using var command = c.Command(
            "UPDATE sessions SET session_id = @sid, message_count = @count, input_tokens = @in, output_tokens = @out, last_message_at = @last, " +
            $"context_tokens = NULL, updated_at = {c.Dialect().Greatest("updated_at", "@now")}, rev = rev + 1 WHERE key = @key", tx)
            .With("@sid", earlier.SessionId).With("@count", earlier.Count).With("@in", earlier.In).With("@out", earlier.Out)
            .With("@last", earlier.Last).With("@now", now).With("@key", key);
        command.ExecuteNonQuery();
        return StoreResult<ResetResult>.Ok(new ResetResult(Get(c, tx, key)!, current.SessionId));
    }, ct);

    private static (string SessionId, int Count, long In, long Out, long Last)? NewestEarlier(DbConnection c, DbTransaction tx, string key, string currentId)
    {
        using var command = c.Command(
            "SELECT session_id, SUM(CASE WHEN role IN ('user', 'assistant') THEN 1 ELSE 0 END), COALESCE(SUM(input_tokens), 0), " +
            "COALESCE(SUM(output_tokens), 0), MAX(created_at) FROM messages WHERE session_key = @key AND session_id <> @current " +
            "GROUP BY session_id ORDER BY MAX(created_at) DESC, MAX(seq) DESC LIMIT 1", tx)
            .With("@key", key).With("@current", currentId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? (reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4))
            : null;
    }
}
