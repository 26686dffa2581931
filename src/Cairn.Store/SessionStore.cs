using System.Data.Common;

namespace Cairn.Store;

/// <summary>Reads of the sessions table. Filters and totals live in <c>SessionStore.Filters.cs</c>, writes in <c>SessionStore.Writes.cs</c>.</summary>
public sealed partial class SessionStore(CairnDatabase db)
{
    internal const string Columns =
        "key, session_id, label, description, persistent, user_created, kind, created_at, updated_at, " +
        "last_message_at, message_count, input_tokens, output_tokens, rev, system_prompt, context_tokens, context_window, archived_at, trashed_at, " +
        "model, forked_from_key, forked_from_session_id, forked_from_seq, pinned, " + TagsOfKey;

    /// <summary>What a session in the trash is not: every read and write but the trash's own skips it.</summary>
    internal const string NotTrashed = "trashed_at IS NULL";

    public CairnDatabase Database => db;

    /// <summary>
    /// A list with a search of three or more characters reads the trigram index's candidates once (SQLite,
    /// <see cref="SearchPage"/>); false takes the general path, which tests compare it with.
    /// </summary>
    public bool SearchInOneRead { get; init; } = true;

    /// <summary>The session with this key, unless it is in the trash.</summary>
    public SessionEntry? Get(string key) => db.Read(c => Get(c, null, key));

    /// <summary>The session with this key, in the trash or not (the key stays reserved until it is purged).</summary>
    public SessionEntry? GetAny(string key) => db.Read(c => GetAny(c, null, key));

    /// <summary>
    /// A keyset page. The default order (updated, sessions in use) puts pinned sessions first: the page reads the pinned
    /// ones (through their own partial index) and then, if the page has room, the others, each part in updated order;
    /// the cursor says which part it stopped in.
    /// </summary>
    public SessionPage List(SessionQuery query) => db.Read(c =>
    {
        var (where, parameters) = Filters(query, c.Dialect().IsPostgres);
        var (rarest, drive) = RarestTag(c, query.Tags);
        var from = drive ? $"session_tags d {c.Dialect().JoinInThisOrder} sessions ON sessions.key = d.session_key AND d.tag = {rarest}" : "sessions";
        if (SearchInOneRead && IndexedSearch(query, c.Dialect().IsPostgres))
        {
            return SearchPage(c, query, from, where, parameters, rarest);
        }

        List<SessionEntry> rows;
        if (!PinnedFirst(query))
        {
            rows = Page(c, from, query.Sort, where, parameters, query.After, query.Limit + 1);
        }
        else
        {
            // The pinned part walks the pinned sessions' own index: the filters must not offer theirs (see Filters).
            rows = query.After is null or { Pinned: true }
                ? Page(c, from, query.Sort, Combine(Filters(query, c.Dialect().IsPostgres, scanOnly: true).Where, "pinned = 1"), parameters, query.After, query.Limit + 1)
                : [];
            if (rows.Count <= query.Limit)
            {
                rows.AddRange(Page(c, from, query.Sort, Combine(where, "pinned = 0"), parameters, query.After is { Pinned: false } a ? a : null,
                    query.Limit + 1 - rows.Count));
            }
        }

        SessionCursor? next = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            next = SessionCursor.For(query.Sort, rows[^1], PinnedFirst(query));
        }

        return new SessionPage(rows, next, Total(c, query, where, parameters, rarest));
    });

    /// <summary>Pinned sessions lead the default order only: the updated order of the sessions in use.</summary>
    internal static bool PinnedFirst(SessionQuery query) => query.Sort == SessionSort.Updated && query.Shelf == SessionShelf.InUse;

    private static List<SessionEntry> Page(DbConnection c, string from, SessionSort sort, string where, List<(string Name, object Value)> parameters,
        SessionCursor? after, int take)
    {
        var order = sort switch
        {
            SessionSort.Updated => "updated_at DESC, key ASC",
            SessionSort.Created => "created_at DESC, key ASC",
            _ => "label_norm ASC, key ASC",
        };
        var keyset = after is null ? "" : sort switch
        {
            SessionSort.Updated => "(updated_at < @cv OR (updated_at = @cv AND key > @ck))",
            SessionSort.Created => "(created_at < @cv OR (created_at = @cv AND key > @ck))",
            _ => "(label_norm > @cv OR (label_norm = @cv AND key > @ck))",
        };

        var pageWhere = Combine(where, keyset);
        using var page = c.Command($"SELECT {Columns} FROM {from} {(pageWhere.Length == 0 ? "" : "WHERE " + pageWhere)} ORDER BY {order} LIMIT @limit");
        Bind(page, parameters);
        page.With("@limit", take);
        if (after is not null)
        {
            page.With("@cv", sort == SessionSort.Label ? after.Value : long.Parse(after.Value, System.Globalization.CultureInfo.InvariantCulture));
            page.With("@ck", after.Key);
        }

        return ReadAll(page);
    }

    /// <summary>
    /// Sessions a free-form name may mean: the exact key, the exact label (case-insensitive), or else every
    /// session whose label or key starts with it. At most <paramref name="limit"/> candidates. Without a
    /// <paramref name="shelf"/>, an exact name finds any session not in the trash and a prefix only those in use (an
    /// archived session is put away: it must not make a prefix ambiguous); with one, both look only on that shelf.
    /// </summary>
    public IReadOnlyList<SessionEntry> Resolve(string name, int limit = 10, SessionShelf? shelf = null) => db.Read(c =>
    {
        var norm = SessionNames.Normalize(name);
        if (norm.Length == 0)
        {
            return (IReadOnlyList<SessionEntry>)[];
        }

        using var exact = c.Command(
            $"SELECT {Columns} FROM sessions WHERE (key = @n OR label_norm = @n) AND {(shelf is { } s ? ShelfClause(s) : NotTrashed)} " +
            "ORDER BY key = @n DESC LIMIT 1")
            .With("@n", norm);
        var found = ReadAll(exact);
        if (found.Count > 0)
        {
            return found;
        }

        using var prefix = c.Command(
            $"SELECT {Columns} FROM sessions WHERE ((label_norm >= @p AND label_norm < @end) OR (key >= @p AND key < @end)) " +
            $"AND {ShelfClause(shelf ?? SessionShelf.InUse)} ORDER BY updated_at DESC LIMIT @limit")
            .With("@p", norm).With("@end", norm + '\uffff').With("@limit", limit);
        return ReadAll(prefix);
    });

    /// <summary>How many sessions are on a shelf (in use by default), from the trigger-kept counters.</summary>
    public int Count(SessionShelf shelf = SessionShelf.InUse) => db.Read(c => Total(c, new SessionQuery(1, Shelf: shelf), "", [], null));

    /// <summary>The session with this key unless it is in the trash: what every write acts on.</summary>
    internal static SessionEntry? Get(DbConnection c, DbTransaction? tx, string key)
    {
        using var command = c.Command($"SELECT {Columns} FROM sessions WHERE key = @key AND {NotTrashed}", tx).With("@key", key);
        var rows = ReadAll(command);
        return rows.Count == 0 ? null : rows[0];
    }

    internal static SessionEntry? GetAny(DbConnection c, DbTransaction? tx, string key)
    {
        using var command = c.Command($"SELECT {Columns} FROM sessions WHERE key = @key", tx).With("@key", key);
        var rows = ReadAll(command);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// Runs a SELECT of <see cref="Columns"/> and reads its rows: on SQLite through the command's own raw statement
    /// (<see cref="SqliteRow"/>, one library call a column), otherwise through the provider's reader.
    /// </summary>
    internal static List<SessionEntry> ReadAll(DbCommand command)
    {
        var rows = new List<SessionEntry>();
        if (command is CachedCommand cached && cached.BoundRow() is { } row)
        {
            try
            {
                while (row.Next())
                {
                    rows.Add(Map(new RawColumns(row)));
                }
            }
            finally
            {
                row.Reset();
            }

            return rows;
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(Map(new ReaderColumns(reader)));
        }

        return rows;
    }

    private static SessionEntry Map<TColumns>(TColumns row) where TColumns : ISessionColumns =>
        new(
            Key: row.GetString(0),
            SessionId: row.GetString(1),
            Label: row.GetString(2),
            Description: row.GetNullableString(3),
            Persistent: row.GetInt64(4) != 0,
            UserCreated: row.GetInt64(5) != 0,
            Kind: Enum.Parse<SessionKind>(row.GetString(6), ignoreCase: true),
            CreatedAt: row.GetInt64(7),
            UpdatedAt: row.GetInt64(8),
            LastMessageAt: row.GetNullableInt64(9),
            MessageCount: row.GetInt32(10),
            InputTokens: row.GetInt64(11),
            OutputTokens: row.GetInt64(12),
            Rev: row.GetInt32(13),
            SystemPrompt: row.GetNullableString(14),
            ContextTokens: row.GetNullableInt64(15),
            ContextWindow: row.GetNullableInt64(16),
            ArchivedAt: row.GetNullableInt64(17),
            TrashedAt: row.GetNullableInt64(18),
            Model: row.GetNullableString(19),
            ForkedFrom: row.GetNullableString(20) is { } fromKey ? new SessionOrigin(fromKey, row.GetString(21), row.GetInt64(22)) : null)
        {
            Pinned = row.GetInt64(23) != 0,
            Tags = SplitTags(row.GetNullableString(24)),
        };

    /// <summary>The columns of one session row, from whichever reader runs the query.</summary>
    private interface ISessionColumns
    {
        string GetString(int column);

        string? GetNullableString(int column);

        long GetInt64(int column);

        int GetInt32(int column);

        long? GetNullableInt64(int column);
    }

    private readonly struct ReaderColumns(DbDataReader reader) : ISessionColumns
    {
        public string GetString(int column) => reader.GetString(column);

        public string? GetNullableString(int column) => reader.GetNullableString(column);

        public long GetInt64(int column) => reader.GetInt64(column);

        public int GetInt32(int column) => reader.GetInt32(column);

        public long? GetNullableInt64(int column) => reader.GetNullableInt64(column);
    }

    private readonly struct RawColumns(SqliteRow row) : ISessionColumns
    {
        public string GetString(int column) => row.GetString(column);

        public string? GetNullableString(int column) => row.GetNullableString(column);

        public long GetInt64(int column) => row.GetInt64(column);

        public int GetInt32(int column) => row.GetInt32(column);

        public long? GetNullableInt64(int column) => row.GetNullableInt64(column);
    }
}
