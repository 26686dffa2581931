using System.Data.Common;

namespace Cairn.Store;

/// <summary>Queries of the background sweep: sessions due for the reset policy (the trash's retention is in <c>SessionStore.Lifecycle.cs</c>).</summary>
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
        return ReadKeys(command);
    });

    /// <summary>The first column of every row: the keys a sweep query selects.</summary>
    private static List<string> ReadKeys(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
