using System.Data.Common;
using System.Globalization;

namespace Cairn.Store;

/// <summary>
/// A list page with a search of three or more characters on SQLite (the label search of <c>sessions.list</c>).
/// </summary>
public sealed partial class SessionStore
{
    /// <summary>
    /// The trigram index's candidates are read once, with only the key, the sort's column and <c>pinned</c>, into a
    /// materialized table; the page is sorted from that table (pinned first in the default order, as
    /// <see cref="List"/> does it in two parts), the total is counted from it, and only the page's rows are read in full.
    /// The general path ran the trigram search three times (the pinned part, the rest, the total) and read every
    /// candidate's whole row and tags (docs/performance.md, issue 20's label search). Same rows, order, cursor and total.
    /// </summary>
    private static SessionPage SearchPage(DbConnection c, SessionQuery query, string from, string where,
        List<(string Name, object Value)> parameters, string? rarest)
    {
        var pinnedFirst = PinnedFirst(query);
        var (column, direction, before) = query.Sort switch
        {
            SessionSort.Updated => ("updated_at", "DESC", "<"),
            SessionSort.Created => ("created_at", "DESC", "<"),
            _ => ("label_norm", "ASC", ">"),
        };
        var order = (pinnedFirst ? "p DESC, " : "") + $"v {direction}, k";
        var keyset = "";
        if (query.After is not null)
        {
            var after = $"(v {before} @cv OR (v = @cv AND k > @ck))";
            keyset = "WHERE " + (pinnedFirst ? $"(p < @cp OR (p = @cp AND {after}))" : after);
        }

        using var command = c.Command(
            $"WITH m (k, v, p) AS MATERIALIZED (SELECT key, {column}, pinned FROM {from} WHERE {where}), " +
            $"page AS (SELECT k, v, p FROM m {keyset} ORDER BY {order} LIMIT @limit) " +
            $"SELECT {Columns}, (SELECT COUNT(*) FROM m) FROM page CROSS JOIN sessions ON sessions.key = page.k ORDER BY {order}");
        Bind(command, parameters);
        command.With("@limit", query.Limit + 1);
        if (query.After is { } cursor)
        {
            command.With("@cv", query.Sort == SessionSort.Label ? cursor.Value : long.Parse(cursor.Value, CultureInfo.InvariantCulture));
            command.With("@ck", cursor.Key);
            command.With("@cp", cursor.Pinned ? 1 : 0);
        }

        var (rows, total) = ReadAllCounted(command);
        SessionCursor? next = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            next = SessionCursor.For(query.Sort, rows[^1], pinnedFirst);
        }

        // An empty page (a cursor past the last match) has no row to carry the count.
        return new SessionPage(rows, next, total ?? Total(c, query, where, parameters, rarest));
    }

    /// <summary>As <see cref="ReadAll"/>, for a SELECT of <see cref="Columns"/> and then a count (the same on every row).</summary>
    private static (List<SessionEntry> Rows, int? Total) ReadAllCounted(DbCommand command)
    {
        const int CountColumn = 25; // after the 25 of Columns, which Map reads as 0-24
        var rows = new List<SessionEntry>();
        long? total = null;
        if (command is CachedCommand cached && cached.BoundRow() is { } row)
        {
            try
            {
                while (row.Next())
                {
                    rows.Add(Map(new RawColumns(row)));
                    total = row.GetInt64(CountColumn);
                }
            }
            finally
            {
                row.Reset();
            }
        }
        else
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(Map(new ReaderColumns(reader)));
                total = reader.GetInt64(CountColumn);
            }
        }

        return (rows, total is { } n ? checked((int)n) : null);
    }
}
