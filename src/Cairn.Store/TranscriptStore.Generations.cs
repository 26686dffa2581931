namespace Cairn.Store;

/// <summary>One generation of a session's transcript as stored: its id, first and last message times, row count.</summary>
public sealed record StoredGeneration(string SessionId, long FirstAt, long LastAt, int MessageCount);

public sealed partial class TranscriptStore
{
    /// <summary>Every generation of <paramref name="key"/> that has rows, newest first (the primary key serves the grouping).</summary>
    public IReadOnlyList<StoredGeneration> Generations(string key) => db.Read(c =>
    {
        using var command = c.Command(
            "SELECT session_id, MIN(created_at), MAX(created_at), COUNT(*) FROM messages WHERE session_key = @k " +
            "GROUP BY session_id ORDER BY MIN(created_at) DESC, session_id")
            .With("@k", key);
        using var reader = command.ExecuteReader();
        var rows = new List<StoredGeneration>();
        while (reader.Read())
        {
            rows.Add(new StoredGeneration(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3)));
        }

        return rows;
    });
}
