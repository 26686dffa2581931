using Microsoft.Data.Sqlite;

namespace Cairn.Store;

/// <summary>A tag and how many sessions in use carry it.</summary>
public sealed record TagCount(string Tag, int Count);

/// <summary>
/// Tags of sessions, stored as rows of <c>session_tags</c> (migration 12) and read with each session through one
/// correlated subquery (a primary-key range per row). The service normalises and checks tags; the store takes them as
/// given. Tags never contain a space, so a space joins them in the read.
/// </summary>
public sealed partial class SessionStore
{
    /// <summary>The tags column of a session row read from <c>sessions</c> unaliased.</summary>
    internal const string TagsOfKey = "(SELECT group_concat(tag, ' ') FROM session_tags WHERE session_key = key)";

    internal static string TagsOf(string keyColumn) => $"(SELECT group_concat(tag, ' ') FROM session_tags WHERE session_key = {keyColumn})";

    /// <summary>
    /// Every tag of a session in use with its count, most used first (then by name). Archived and trashed sessions keep
    /// their tags but are not counted: the list is what the default sessions list can be filtered by.
    /// </summary>
    public IReadOnlyList<TagCount> TagCounts() => db.Read(c =>
    {
        using var command = c.Command(
            "SELECT t.tag, COUNT(*) AS n FROM session_tags t JOIN sessions s ON s.key = t.session_key " +
            $"WHERE {ShelfClause(SessionShelf.InUse).Replace("archived_at", "s.archived_at", StringComparison.Ordinal).Replace("trashed_at", "s.trashed_at", StringComparison.Ordinal)} " +
            "GROUP BY t.tag ORDER BY n DESC, t.tag");
        using var reader = command.ExecuteReader();
        var tags = new List<TagCount>();
        while (reader.Read())
        {
            tags.Add(new TagCount(reader.GetString(0), reader.GetInt32(1)));
        }

        return (IReadOnlyList<TagCount>)tags;
    });

    /// <summary>Replaces a session's tags inside the caller's transaction.</summary>
    internal static void ReplaceTags(SqliteConnection c, SqliteTransaction tx, string key, IReadOnlyList<string> tags)
    {
        using (var delete = c.Command("DELETE FROM session_tags WHERE session_key = @key", tx).With("@key", key))
        {
            delete.ExecuteNonQuery();
        }

        using var insert = c.Command("INSERT OR IGNORE INTO session_tags (session_key, tag) VALUES (@key, @tag)", tx).With("@key", key);
        var tag = insert.Parameters.AddWithValue("@tag", "");
        foreach (var t in tags)
        {
            tag.Value = t;
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The list's tag filter: every tag must be on the session. Each tag is one EXISTS on the primary key, so the list
    /// keeps walking its order's index and stops after a page (docs/performance.md has the figures).
    /// </summary>
    private static void TagClauses(IReadOnlyList<string>? tags, List<string> clauses, List<(string Name, object Value)> parameters)
    {
        for (var i = 0; i < (tags?.Count ?? 0); i++)
        {
            var name = "@tag" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            clauses.Add($"EXISTS (SELECT 1 FROM session_tags WHERE session_key = sessions.key AND tag = {name})");
            parameters.Add((name, tags![i]));
        }
    }

    /// <summary>
    /// For a count with a tag filter: the first tag's sessions, through the index on tag, so the count reads that tag's
    /// rows instead of every session (the EXISTS of <see cref="TagClauses"/> then checks the rest).
    /// </summary>
    private static string CountDriver(SessionQuery query) =>
        query.Tags is { Count: > 0 } ? "key IN (SELECT session_key FROM session_tags WHERE tag = @tag0)" : "";

    private static string[] SplitTags(string? joined) =>
        joined is null ? [] : joined.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
}
