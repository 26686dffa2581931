using System.Data.Common;

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
    internal const string TagsOfKey = "(SELECT string_agg(tag, ' ') FROM session_tags WHERE session_key = key)";

    internal static string TagsOf(string keyColumn) => $"(SELECT string_agg(tag, ' ') FROM session_tags WHERE session_key = {keyColumn})";

    /// <summary>Below this many sessions, a list by tag reads that tag's sessions and sorts them instead of walking its order.</summary>
    internal const int DriveBelow = 2_000;

    /// <summary>
    /// Every tag of a session in use with its count, most used first (then by name), from the trigger-kept
    /// <c>tag_counts</c>. Archived and trashed sessions keep their tags but are not counted: the list is what the default
    /// sessions list can be filtered by.
    /// </summary>
    public IReadOnlyList<TagCount> TagCounts() => db.Read(c =>
    {
        using var command = c.Command($"SELECT tag, n FROM tag_counts WHERE shelf = {(int)SessionShelf.InUse} AND n > 0 ORDER BY n DESC, tag");
        using var reader = command.ExecuteReader();
        var tags = new List<TagCount>();
        while (reader.Read())
        {
            tags.Add(new TagCount(reader.GetString(0), reader.GetInt32(1)));
        }

        return (IReadOnlyList<TagCount>)tags;
    });

    /// <summary>Replaces a session's tags inside the caller's transaction.</summary>
    internal static void ReplaceTags(DbConnection c, DbTransaction tx, string key, IReadOnlyList<string> tags)
    {
        using (var delete = c.Command("DELETE FROM session_tags WHERE session_key = @key", tx).With("@key", key))
        {
            delete.ExecuteNonQuery();
        }

        using var insert = c.Command("INSERT INTO session_tags (session_key, tag) VALUES (@key, @tag) ON CONFLICT DO NOTHING", tx).With("@key", key);
        var tag = insert.Param("@tag", "");
        foreach (var t in tags)
        {
            tag.Value = t;
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The list's tag filter: every tag must be on the session, each one EXISTS on the primary key. A common tag keeps the
    /// list walking its order's index, stopping after a page; a rare one (see <see cref="RarestTag"/>) drives the query
    /// instead (docs/performance.md has the figures).
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
    /// For a count with a tag filter: the rarest tag's sessions, through the index on tag, so the count reads that tag's
    /// rows instead of every session (the EXISTS of <see cref="TagClauses"/> then checks the rest).
    /// </summary>
    private static string CountDriver(string? rarestTag) =>
        rarestTag is null ? "" : $"key IN (SELECT session_key FROM session_tags WHERE tag = {rarestTag})";

    /// <summary>
    /// A count by several tags, through the tags' intersection in the tag index, where every session of the rarest tag
    /// was read before (two tags, 50% and 10% of 100,000 sessions: 72 ms). In use, with no other filter, the intersection
    /// is counted in the index alone (every tag row has its session), less the sessions with those tags on the archived
    /// and trashed shelves, which their partial indexes keep short; otherwise the intersection's session rows are read
    /// for the shelf and the filters, which also hold the tags' own EXISTS clauses (a probe per counted session).
    /// </summary>
    private static string TagIntersectionCount(SessionQuery query, string where, string rarestTag, SqlDialect dialect)
    {
        var join = dialect.JoinInThisOrder;
        var from = "session_tags t0";
        for (var i = 0; i < query.Tags!.Count; i++)
        {
            var name = "@tag" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (name != rarestTag)
            {
                var t = "t" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                from += $" {join} session_tags {t} ON {t}.session_key = t0.session_key AND {t}.tag = {name}";
            }
        }

        if (query is not { Shelf: SessionShelf.InUse, Persistent: null, UserCreated: null })
        {
            return $"SELECT COUNT(*) FROM {from} {join} sessions ON sessions.key = t0.session_key AND t0.tag = {rarestTag} WHERE {where}";
        }

        var tagged = new List<string>();
        TagClauses(query.Tags, tagged, []);
        var elsewhere = string.Join(" - ", new[] { SessionShelf.Archived, SessionShelf.Trashed }.Select(shelf =>
            $"(SELECT COUNT(*) FROM sessions WHERE {ShelfClause(shelf)} AND {string.Join(" AND ", tagged)})"));
        return $"SELECT (SELECT COUNT(*) FROM {from} WHERE t0.tag = {rarestTag}) - {elsewhere}";
    }

    /// <summary>
    /// The parameter of the filter's rarest tag (by <c>tag_counts</c>, every shelf: what reading it through the tag
    /// costs), and whether it has fewer than <see cref="DriveBelow"/> sessions: then the page reads its sessions and
    /// sorts them, which beats walking the whole order past the few that have it.
    /// </summary>
    private static (string? Name, bool Drive) RarestTag(DbConnection c, IReadOnlyList<string>? tags)
    {
        if (tags is not { Count: > 0 })
        {
            return (null, false);
        }

        var (name, fewest) = ("", long.MaxValue);
        for (var i = 0; i < tags.Count; i++)
        {
            using var probe = c.Command("SELECT COALESCE(SUM(n), 0) FROM tag_counts WHERE tag = @tag").With("@tag", tags[i]);
            var count = probe.ScalarInt64();
            if (count < fewest)
            {
                (name, fewest) = ("@tag" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), count);
            }
        }

        return (name, fewest < DriveBelow);
    }

    private static string[] SplitTags(string? joined) =>
        joined is null ? [] : joined.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
}
