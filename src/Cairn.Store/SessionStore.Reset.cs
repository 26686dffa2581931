namespace Cairn.Store;

/// <summary>Queries and writes of the reset policy's background sweep.</summary>
public sealed partial class SessionStore
{
    /// <summary>
    /// Keys of non-persistent sessions with conversation whose last message is older than <paramref name="lastMessageBefore"/>;
    /// archived sessions and those in the trash are left as they are.
    /// </summary>
    public IReadOnlyList<string> DueForReset(long lastMessageBefore, int limit) => db.Read(c =>
    {
        using var command = c.Command(
            "SELECT key FROM sessions WHERE persistent = 0 AND message_count > 0 AND last_message_at < @before " +
            "AND archived_at IS NULL AND trashed_at IS NULL LIMIT @limit")
            .With("@before", lastMessageBefore).With("@limit", limit);
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return (IReadOnlyList<string>)keys;
    });
}
