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
public sealed class SearchStore(CairnDatabase db)
{
    /// <summary>
    /// The newest messages matching <paramref name="match"/> (an FTS5 expression the caller built from quoted tokens
    /// only), skipping <paramref name="skip"/>. Searching one session walks that session's rows and asks the index about
    /// each; otherwise the index's matches are walked newest first and checked against the scope.
    /// </summary>
    public IReadOnlyList<MessageMatch> Newest(string match, SearchScope scope, int skip, int take) => db.Read(c =>
    {
        if (c.Dialect().IsPostgres)
        {
            throw new InvalidOperationException("An FTS5 expression is SQLite's; search PostgreSQL with the terms.");
        }

        var (where, parameters) = Scope(scope);
        var from = scope.SessionKey is null
            ? "message_search f JOIN message_search_ids i ON i.id = f.rowid"
            : "message_search_ids i CROSS JOIN message_search f ON f.rowid = i.id";
        using var command = c.Command(
            "SELECT i.session_key, s.label, i.session_id, s.session_id = i.session_id, i.seq, m.role, m.text, m.created_at " +
            $"FROM {from} JOIN sessions s ON s.key = i.session_key " +
            "JOIN messages m ON m.session_key = i.session_key AND m.session_id = i.session_id AND m.seq = i.seq " +
            $"WHERE message_search MATCH @match{where} ORDER BY {(scope.SessionKey is null ? "f.rowid" : "i.id")} LIMIT @take OFFSET @skip")
            .With("@match", match).With("@take", take).With("@skip", skip);
        SessionStore.Bind(command, parameters);
        return ReadMatches(command);
    });

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
        db.Dialect.IsPostgres ? NewestPostgres(TsQuery(terms), scope, skip, take) : Newest(FtsExpression(terms), scope, skip, take);

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

        var (where, parameters) = Scope(scope);
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

        var (where, parameters) = Scope(scope);
        var clauses = new List<string>();
        // PostgreSQL's pg_trgm indexes serve LIKE '%term%' itself: every term takes the LIKE path there.
        var indexed = c.Dialect().IsPostgres ? [] : terms.Where(t => t.EnumerateRunes().Count() >= SessionStore.MinIndexedSearch).ToList();
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

    /// <summary>The scope as SQL on the session row <c>s</c>; a session in the trash is never searched.</summary>
    private static (string Where, List<(string Name, object Value)> Parameters) Scope(SearchScope scope)
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
            where += $" AND EXISTS (SELECT 1 FROM session_tags WHERE session_key = s.key AND tag = {name})";
            parameters.Add((name, scope.Tags[i]));
        }

        return (where, parameters);
    }
}
