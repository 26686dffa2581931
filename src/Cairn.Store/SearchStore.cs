using System.Globalization;

namespace Cairn.Store;

/// <summary>What a search is limited to, besides its words: one session, persistence, archived or not (trashed: never).</summary>
public sealed record SearchScope(string? SessionKey = null, bool? Persistent = null, bool? Archived = null)
{
    /// <summary>Tags the session must all carry (normalised).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool? Pinned { get; init; }
}

/// <summary>A message that matched: where it is (session, generation, seq) and its text.</summary>
public sealed record MessageMatch(
    string SessionKey, string Label, string SessionId, bool Current, long Seq, string Role, string Text, long CreatedAt);

/// <summary>
/// One term of a message search: its words (as the index splits them: letters and digits, lower case, no accents) in
/// a row, the last one a prefix when <paramref name="Prefix"/>; <paramref name="Text"/> is the term as written (SQLite's
/// FTS5 splits it itself). <paramref name="Negated"/>: messages with it are left out.
/// </summary>
public sealed record MatchTerm(string Text, IReadOnlyList<string> Words, bool Prefix, bool Negated);

/// <summary>A session whose label, key or description matched.</summary>
public sealed record SessionMatch(string Key, string Label, string? Description, long UpdatedAt);

/// <summary>
/// Search across every conversation. Messages go through the full-text index <c>message_search</c> (migration 11),
/// which triggers keep in the transaction of each write, and whose ids go down as messages are written: its natural
/// order is newest first, so <see cref="Newest(string, SearchScope, int, int)"/> reads only as far as the page it needs, whatever the number of
/// matches. Sessions go through the trigram index of <c>sessions.list</c>. On PostgreSQL, messages go through the GIN
/// index on their tsvector (newest first by <c>created_at</c>) and sessions through the pg_trgm indexes
/// (<see cref="PostgresMigrations"/>); the terms are the same, only their form differs (<see cref="FtsExpression"/>,
/// <see cref="TsQuery"/>).
/// </summary>
public sealed partial class SearchStore(CairnDatabase db)
{
    /// <summary>
    /// A tag filter whose rarest tag is on at most this many sessions (every shelf, by <c>tag_counts</c>) reads that
    /// tag's sessions once into a list and checks each match against it; a commoner tag is asked per match with its
    /// primary key, which costs less than building a long list (measured in docs/performance.md, Search).
    /// </summary>
    public int FewTagged { get; init; } = 1_000;

    /// <summary>
    /// The newest messages matching <paramref name="match"/> (an FTS5 expression the caller built from quoted tokens
    /// only), skipping <paramref name="skip"/>. Searching one session walks that session's rows and asks the index about
    /// each; otherwise the index's matches are walked newest first and checked against the scope. With a tag filter or
    /// a skip, the walk reads ids only and then the page's rows (<see cref="PageIds"/>); the first window of a search
    /// without tags reads its rows as it walks, which saves the second lookup of each (0.1–0.2 ms at 301 rows).
    /// </summary>
    public IReadOnlyList<MessageMatch> Newest(string match, SearchScope scope, int skip, int take) => db.Read(c =>
    {
        if (c.Dialect().IsPostgres)
        {
            throw new InvalidOperationException("An FTS5 expression is SQLite's; search PostgreSQL with the terms.");
        }

        var listed = scope.SessionKey is null ? ListedTag(c, scope.Tags) : -1;
        var (where, parameters) = Scope(scope, (i, tag) => i == listed
            ? $"i.session_key IN (SELECT session_key FROM session_tags WHERE tag = {tag})"
            : TagExists("i.session_key", tag));
        const string Columns = "SELECT i.session_key, s.label, i.session_id, s.session_id = i.session_id, i.seq, m.role, m.text, m.created_at ";
        const string Rows = " sessions s ON s.key = i.session_key " +
            "{0} messages m ON m.session_key = i.session_key AND m.session_id = i.session_id AND m.seq = i.seq";
        var sql = scope.SessionKey is not null
            ? Columns + "FROM message_search_ids i CROSS JOIN message_search f ON f.rowid = i.id JOIN" +
                string.Format(CultureInfo.InvariantCulture, Rows, "JOIN") + $" WHERE message_search MATCH @match{where} ORDER BY i.id LIMIT @take OFFSET @skip"
            : scope.Tags.Count > 0 || skip > 0
                ? Columns + $"FROM ({PageIds(where)}) p CROSS JOIN message_search_ids i ON i.id = p.id CROSS JOIN" +
                    string.Format(CultureInfo.InvariantCulture, Rows, "CROSS JOIN") + " ORDER BY p.id"
                : Columns + "FROM message_search f JOIN message_search_ids i ON i.id = f.rowid JOIN" +
                    string.Format(CultureInfo.InvariantCulture, Rows, "JOIN") + $" WHERE message_search MATCH @match{where} ORDER BY f.rowid LIMIT @take OFFSET @skip";
        using var command = c.Command(sql).With("@match", match).With("@take", take).With("@skip", skip);
        SessionStore.Bind(command, parameters);
        return ReadMatches(command);
    });

    /// <summary>
    /// The page's index ids: the matches walked newest first (the index's own order), each checked against the scope
    /// before anything else is read. The tag filter asks <c>session_tags</c> with the id row's session key, so a match in
    /// an untagged session costs two primary-key reads; the message row (its text) is read only for the page's rows,
    /// not for the ones a later window skips.
    /// </summary>
    private static string PageIds(string where) =>
        "SELECT i.id FROM message_search f CROSS JOIN message_search_ids i ON i.id = f.rowid CROSS JOIN sessions s ON s.key = i.session_key " +
        $"WHERE message_search MATCH @match{where} ORDER BY f.rowid LIMIT @take OFFSET @skip";

    /// <summary>The index of the scope's rarest tag when it has at most <see cref="FewTagged"/> sessions, else -1.</summary>
    private int ListedTag(System.Data.Common.DbConnection c, IReadOnlyList<string> tags)
    {
        if (tags.Count == 0)
        {
            return -1;
        }

        var (listed, fewest) = RarestTag(c, tags);
        return fewest <= FewTagged ? listed : -1;
    }

    private static List<MessageMatch> ReadMatches(System.Data.Common.DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<MessageMatch>();
        while (reader.Read())
        {
            rows.Add(new MessageMatch(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3) != 0,
                reader.GetInt64(4), reader.GetString(5), reader.GetString(6), reader.GetInt64(7)));
        }

        return rows;
    }

    /// <summary>The newest messages matching every positive term and none of the negated ones, on either database.</summary>
    public IReadOnlyList<MessageMatch> Newest(IReadOnlyList<MatchTerm> terms, SearchScope scope, int skip, int take) =>
        db.Dialect.IsPostgres ? NewestPostgres(TsQuery(terms), scope, skip, take)
            : ScanTaggedMessages(terms, scope, skip, take) ?? Newest(FtsExpression(terms), scope, skip, take);

    /// <summary>The FTS5 expression: every positive term, quoted (a prefix gets its star outside), then NOT each excluded one.</summary>
    public static string FtsExpression(IReadOnlyList<MatchTerm> terms)
    {
        static string Term(MatchTerm t) => Quote(t.Text) + (t.Prefix ? "*" : "");
        var match = "(" + string.Join(" AND ", terms.Where(t => !t.Negated).Select(Term)) + ")";
        foreach (var excluded in terms.Where(t => t.Negated))
        {
            match += " NOT " + Term(excluded);
        }

        return match;
    }

    /// <summary>
    /// The same as a tsquery: each term its words in a row (<c>&lt;-&gt;</c>), the last one <c>:*</c> for a prefix, every
    /// word a quoted lexeme (quotes and backslashes escaped) so no input is read as query syntax; positive terms and'ed,
    /// each excluded one and-not.
    /// </summary>
    public static string TsQuery(IReadOnlyList<MatchTerm> terms)
    {
        static string Lexeme(string word) => "'" + word.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
        static string Term(MatchTerm t) => "(" + string.Join(" <-> ", t.Words.Select((w, i) => Lexeme(w) + (t.Prefix && i == t.Words.Count - 1 ? ":*" : ""))) + ")";
        var parts = terms.Where(t => t.Words.Count > 0 && !t.Negated).Select(Term)
            .Concat(terms.Where(t => t.Words.Count > 0 && t.Negated).Select(t => "!" + Term(t)));
        return string.Join(" & ", parts);
    }

    private IReadOnlyList<MessageMatch> NewestPostgres(string tsQuery, SearchScope scope, int skip, int take) => db.Read(c =>
    {
        if (tsQuery.Length == 0 || tsQuery.StartsWith('!'))
        {
            return (IReadOnlyList<MessageMatch>)[];
        }

        var (where, parameters) = Scope(scope, (_, tag) => TagExists("s.key", tag));
        using var command = c.Command(
            "SELECT m.session_key, s.label, m.session_id, CASE WHEN s.session_id = m.session_id THEN 1 ELSE 0 END, m.seq, m.role, m.text, m.created_at " +
            "FROM messages m JOIN sessions s ON s.key = m.session_key " +
            "WHERE m.role IN ('user', 'assistant', 'summary') AND to_tsvector('cairn_search', m.text) @@ to_tsquery('cairn_search', @match)" +
            $"{where} ORDER BY m.created_at DESC, m.session_key, m.session_id, m.seq DESC LIMIT @take OFFSET @skip")
            .With("@match", tsQuery).With("@take", take).With("@skip", skip);
        SessionStore.Bind(command, parameters);
        return ReadMatches(command);
    });

    /// <summary>
    /// Sessions whose label, key or description contains every one of <paramref name="terms"/> (case-insensitive),
    /// most recently used first. Terms of three or more characters go through the trigram index.
    /// </summary>
    public IReadOnlyList<SessionMatch> Sessions(IReadOnlyList<string> terms, SearchScope scope, int limit) => db.Read(c =>
    {
        if (terms.Count == 0)
        {
            return (IReadOnlyList<SessionMatch>)[];
        }

        // On SQLite a bare EXISTS here makes the planner evaluate the name-or-tag OR a second time, as lists, for every
        // candidate (the trigram search run twice); likely() keeps it a per-row check after the OR's index reads.
        var postgres = c.Dialect().IsPostgres;
        var (where, parameters) = Scope(scope, (_, tag) => postgres ? TagExists("s.key", tag) : $"likely({TagExists("s.key", tag)})");
        var clauses = new List<string>();
        // PostgreSQL's pg_trgm indexes serve LIKE '%term%' itself: every term takes the LIKE path there.
        var indexed = postgres ? [] : terms.Where(t => t.EnumerateRunes().Count() >= SessionStore.MinIndexedSearch).ToList();
        if (indexed.Count > 0)
        {
            clauses.Add("s.key IN (SELECT i.key FROM session_search JOIN session_search_ids i ON i.id = session_search.rowid WHERE session_search MATCH @trigrams)");
            parameters.Add(("@trigrams", string.Join(' ', indexed.Select(Quote))));
        }

        var n = 0;
        foreach (var term in terms.Except(indexed))
        {
            var name = "@like" + n++.ToString(CultureInfo.InvariantCulture);
            clauses.Add($"(s.label_norm LIKE {name} ESCAPE '\\' OR s.key LIKE {name} ESCAPE '\\' OR lower(s.description) LIKE {name} ESCAPE '\\')");
            parameters.Add((name, "%" + SessionStore.EscapeLike(term) + "%"));
        }

        var filter = $" AND (({string.Join(" AND ", clauses)}) OR ({TagMatch(terms, parameters)})){where}";
        using var command = c.Command($"SELECT s.key, s.label, s.description, s.updated_at FROM sessions s WHERE 1 = 1{filter} " +
            "ORDER BY s.updated_at DESC, s.key LIMIT @limit").With("@limit", limit);
        SessionStore.Bind(command, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<SessionMatch>();
        while (reader.Read())
        {
            rows.Add(new SessionMatch(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3)));
        }

        return (IReadOnlyList<SessionMatch>)rows;
    });

    /// <summary>
    /// Every term is the start of one of the session's tags (a phrase's spaces read as '-', as tags are written). The
    /// first term's sessions come from the index on tag, so the OR with the text match still reads only candidates.
    /// </summary>
    private static string TagMatch(IReadOnlyList<string> terms, List<(string Name, object Value)> parameters)
    {
        var clauses = new List<string>();
        for (var i = 0; i < terms.Count; i++)
        {
            var (from, to) = ("@tagFrom" + i.ToString(CultureInfo.InvariantCulture), "@tagTo" + i.ToString(CultureInfo.InvariantCulture));
            var prefix = string.Join('-', terms[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            clauses.Add(i == 0
                ? $"s.key IN (SELECT session_key FROM session_tags WHERE tag >= {from} AND tag < {to})"
                : $"EXISTS (SELECT 1 FROM session_tags WHERE session_key = s.key AND tag >= {from} AND tag < {to})");
            parameters.Add((from, prefix));
            parameters.Add((to, prefix + '\uffff'));
        }

        return string.Join(" AND ", clauses);
    }

    /// <summary>A term as one FTS5 string: in double quotes, its quotes doubled, so no input is read as query syntax.</summary>
    public static string Quote(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Whether the session of <paramref name="sessionKey"/> carries the tag of the parameter <paramref name="tag"/>.</summary>
    private static string TagExists(string sessionKey, string tag) =>
        $"EXISTS (SELECT 1 FROM session_tags WHERE session_key = {sessionKey} AND tag = {tag})";

    /// <summary>
    /// The scope as SQL on the session row <c>s</c>, each tag as <paramref name="tagClause"/> writes it (given the tag's
    /// position and parameter); a session in the trash is never searched.
    /// </summary>
    private static (string Where, List<(string Name, object Value)> Parameters) Scope(SearchScope scope, Func<int, string, string> tagClause)
    {
        var where = " AND s.trashed_at IS NULL";
        if (scope.Archived is { } archived)
        {
            where += archived ? " AND s.archived_at IS NOT NULL" : " AND s.archived_at IS NULL";
        }

        var parameters = new List<(string, object)>();
        if (scope.SessionKey is { } key)
        {
            where += " AND s.key = @scopeKey";
            parameters.Add(("@scopeKey", key));
        }

        if (scope.Persistent is { } persistent)
        {
            where += " AND s.persistent = @scopePersistent";
            parameters.Add(("@scopePersistent", persistent ? 1 : 0));
        }

        if (scope.Pinned is { } pinned)
        {
            where += " AND s.pinned = @scopePinned";
            parameters.Add(("@scopePinned", pinned ? 1 : 0));
        }

        for (var i = 0; i < scope.Tags.Count; i++)
        {
            var name = "@scopeTag" + i.ToString(CultureInfo.InvariantCulture);
            where += " AND " + tagClause(i, name);
            parameters.Add((name, scope.Tags[i]));
        }

        return (where, parameters);
    }
}
