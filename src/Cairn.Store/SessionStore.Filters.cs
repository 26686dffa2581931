using System.Globalization;
using System.Data.Common;

namespace Cairn.Store;

/// <summary>
/// The WHERE clauses and totals of <c>sessions.list</c>, written so each stays cheap at 100,000 sessions
/// (docs/performance.md): totals come from the trigger-kept <c>session_counts</c>, a search of three or more
/// characters goes through the trigram index <c>session_search</c>, and a filter uses its own index only
/// where that index also gives the page's order. Every list is of one shelf (<see cref="SessionShelf"/>): the sessions in
/// use, the archived ones or the trash; the archived and trashed shelves have partial indexes of their own.
/// </summary>
public sealed partial class SessionStore
{
    /// <summary>The trigram index cannot match fewer than three characters; shorter searches scan.</summary>
    internal const int MinIndexedSearch = 3;

    private static (string Where, List<(string Name, object Value)> Parameters) Filters(SessionQuery query, bool postgres, bool scanOnly = false)
    {
        var clauses = new List<string> { ShelfClause(query.Shelf) };
        var parameters = new List<(string, object)>();
        var search = string.IsNullOrWhiteSpace(query.Search) ? null : SessionNames.Normalize(query.Search);

        // A unary + keeps SQLite off the (filter, updated_at) indexes when they would not give the page's order;
        // it would then sort every matching row instead of walking the sort's own index. Those indexes hold every
        // shelf, so the archived and trashed lists walk their own (partial) index instead.
        var filterIndex = query.Sort == SessionSort.Updated && search is null && query.Shelf == SessionShelf.InUse && !scanOnly ? "" : "+";
        if (query.Persistent is { } persistent)
        {
            clauses.Add($"{filterIndex}persistent = @persistent");
            parameters.Add(("@persistent", persistent ? 1 : 0));
        }

        if (query.UserCreated is { } userCreated)
        {
            clauses.Add($"{filterIndex}user_created = @userCreated");
            parameters.Add(("@userCreated", userCreated ? 1 : 0));
        }

        TagClauses(query.Tags, clauses, parameters);
        if (search is null)
        {
            return (string.Join(" AND ", clauses), parameters);
        }

        // On PostgreSQL the pg_trgm indexes on the three columns serve the LIKE below, whatever the length.
        if (IndexedSearch(query, postgres))
        {
            clauses.Add("key IN (SELECT i.key FROM session_search JOIN session_search_ids i ON i.id = session_search.rowid WHERE session_search MATCH @search)");
            parameters.Add(("@search", "\"" + search.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        }
        else
        {
            clauses.Add(@"(label_norm LIKE @search ESCAPE '\' OR key LIKE @search ESCAPE '\' OR lower(description) LIKE @search ESCAPE '\')");
            parameters.Add(("@search", "%" + EscapeLike(search) + "%"));
        }

        return (string.Join(" AND ", clauses), parameters);
    }

    /// <summary>Whether the list's search goes through the trigram index (SQLite, three or more characters).</summary>
    internal static bool IndexedSearch(SessionQuery query, bool postgres) =>
        !postgres && !string.IsNullOrWhiteSpace(query.Search) && SessionNames.Normalize(query.Search).EnumerateRunes().Count() >= MinIndexedSearch;

    /// <summary>
    /// The shelf as SQL. Written out literally (not as parameters) so that SQLite can see that a query of the archived
    /// or trashed shelf implies the WHERE of that shelf's partial index.
    /// </summary>
    internal static string ShelfClause(SessionShelf shelf) => shelf switch
    {
        SessionShelf.Archived => "archived_at IS NOT NULL AND trashed_at IS NULL",
        SessionShelf.Trashed => "trashed_at IS NOT NULL",
        _ => "archived_at IS NULL AND trashed_at IS NULL",
    };

    /// <summary>
    /// Sessions matching the filters, whatever the page. Without a search this sums at most four rows of
    /// <c>session_counts</c> (those of the shelf), or one row of <c>tag_counts</c> for a list by one tag alone; otherwise
    /// it counts the matches (with tags, those of the rarest tag only).
    /// </summary>
    private static int Total(DbConnection c, SessionQuery query, string where, List<(string Name, object Value)> parameters, string? rarestTag)
    {
        DbCommand command;
        if (query is { Tags: [var tag], Persistent: null, UserCreated: null } && string.IsNullOrWhiteSpace(query.Search))
        {
            command = c.Command($"SELECT COALESCE(SUM(n), 0) FROM tag_counts WHERE tag = @tag AND shelf = {(int)query.Shelf}").With("@tag", tag);
            using (command)
            {
                return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
        }

        if (string.IsNullOrWhiteSpace(query.Search) && query.Tags is not { Count: > 0 })
        {
            var clauses = new List<string> { $"shelf = {(int)query.Shelf}" };
            if (query.Persistent is not null)
            {
                clauses.Add("persistent = @persistent");
            }

            if (query.UserCreated is not null)
            {
                clauses.Add("user_created = @userCreated");
            }

            command = c.Command($"SELECT COALESCE(SUM(n), 0) FROM session_counts WHERE {string.Join(" AND ", clauses)}");
        }
        else if (string.IsNullOrWhiteSpace(query.Search) && query.Tags is { Count: > 1 } && rarestTag is not null)
        {
            command = c.Command(TagIntersectionCount(query, where, rarestTag, c.Dialect()));
        }
        else
        {
            command = c.Command($"SELECT COUNT(*) FROM sessions WHERE {Combine(where, CountDriver(rarestTag))}");
        }

        using (command)
        {
            Bind(command, parameters);
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    private static string Combine(string where, string more)
    {
        var parts = new[] { where, more }.Where(p => p.Length > 0).ToArray();
        return string.Join(" AND ", parts);
    }

    internal static void Bind(DbCommand command, List<(string Name, object Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }
    }

    internal static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
