namespace Cairn.Store;

/// <summary>Queries and writes of the reset policy's background sweep.</summary>
public sealed partial class SessionStore
{
    /// <summary>Keys of non-persistent sessions with conversation whose last message is older than <paramref name="lastMessageBefore"/>.</summary>
    public IReadOnlyList<string> DueForReset(long lastMessageBefore, int limit) => db.Read(c =>
    {
        using var command = c.Command(
            "SELECT key FROM sessions WHERE persistent = 0 AND message_count > 0 AND last_message_at < @before LIMIT @limit")
            .With("@before", lastMessageBefore).With("@limit", limit);
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return (IReadOnlyList<string>)keys;
    });

    /// <summary>
    /// Resets a session if the policy (asked inside the transaction, on the current row) still finds it due, and
    /// writes the policy's notice as the first row of the new generation. Null when nothing was done.
    /// </summary>
    public Task<ResetResult?> ResetIfDueAsync(string key, Func<SessionEntry, string?> noticeIfDue, long now, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) =>
        {
            var entry = Get(c, tx, key);
            if (entry is null || entry.Persistent || noticeIfDue(entry) is not { } notice)
            {
                return null;
            }

            var reset = Reset(c, tx, key, Guid.NewGuid().ToString(), now).Value!;
            using var insert = c.Command(
                "INSERT INTO messages (session_key, session_id, seq, role, text, created_at) VALUES (@k, @s, 1, @role, @text, @now)", tx)
                .With("@k", key).With("@s", reset.Entry.SessionId).With("@role", MessageRoles.Notice).With("@text", notice).With("@now", now);
            insert.ExecuteNonQuery();
            return reset;
        }, ct);
}
