namespace Cairn.Store;

/// <summary>One generation (conversation) of a session with every row, for export.</summary>
public sealed record GenerationRows(string SessionId, IReadOnlyList<TranscriptMessage> Messages);

public sealed partial class TranscriptStore
{
    /// <summary>
    /// Every generation of a session with all its rows, oldest generation first (by its first row), rows in seq order;
    /// one read, so an export is consistent even while the session is written to.
    /// </summary>
    public IReadOnlyList<GenerationRows> AllGenerations(string key) => db.Read(c =>
    {
        using var command = c.Command(
            $"SELECT m.session_id, {string.Join(", ", Columns.Split(", ").Select(col => "m." + col))} FROM messages m " +
            "JOIN (SELECT session_id, MIN(created_at) AS started, MIN(seq) AS first FROM messages WHERE session_key = @k GROUP BY session_id) g " +
            "ON g.session_id = m.session_id WHERE m.session_key = @k ORDER BY g.started, g.first, m.session_id, m.seq")
            .With("@k", key);
        using var reader = command.ExecuteReader();
        var generations = new List<GenerationRows>();
        List<TranscriptMessage>? current = null;
        string? currentId = null;
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (id != currentId)
            {
                current = [];
                currentId = id;
                generations.Add(new GenerationRows(id, current));
            }

            current!.Add(ReadRow(reader, 1));
        }

        return (IReadOnlyList<GenerationRows>)generations;
    });
}
