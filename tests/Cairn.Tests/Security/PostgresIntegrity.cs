using Npgsql;

namespace Cairn.Tests.Security;

/// <summary>
/// The crash test's integrity check of a PostgreSQL store, in place of SQLite's <c>PRAGMA integrity_check</c>: every
/// b-tree index of the store checked against its table (<c>amcheck</c>'s <c>bt_index_check</c> with
/// <c>heapallindexed</c>), no constraint left unvalidated, and the trigger-kept counters (list totals per shelf, tag
/// counts, each session's message count) equal to a recount of the rows. "ok", or the problems found, one per line.
/// <c>amcheck</c> is not a trusted extension: the test user must be a superuser, as the one tests/postgres.sh makes.
/// </summary>
internal static class PostgresIntegrity
{
    private const string Indexes = """
        SELECT c.oid::bigint, c.relname FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_am a ON a.oid = c.relam
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE a.amname = 'btree' AND n.nspname = 'public' AND i.indisvalid AND i.indisready
        ORDER BY c.relname
        """;

    private const string Unvalidated = """
        SELECT 'constraint ' || conname || ' is not validated' FROM pg_constraint c
        JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' AND NOT c.convalidated
        """;

    private const string ListTotals = """
        SELECT format('session_counts (shelf %s, persistent %s, user_created %s) says %s, the sessions are %s',
                      shelf, persistent, user_created, COALESCE(kept.n, 0), COALESCE(real.n, 0))
        FROM session_counts kept
        FULL JOIN (SELECT cairn_shelf(archived_at, trashed_at) AS shelf, persistent, user_created, count(*) AS n
                   FROM sessions GROUP BY 1, 2, 3) real USING (shelf, persistent, user_created)
        WHERE COALESCE(kept.n, 0) <> COALESCE(real.n, 0)
        """;

    private const string TagTotals = """
        SELECT format('tag_counts (%s, shelf %s) says %s, the tags are %s', tag, shelf, COALESCE(kept.n, 0), COALESCE(real.n, 0))
        FROM tag_counts kept
        FULL JOIN (SELECT t.tag, cairn_shelf(s.archived_at, s.trashed_at) AS shelf, count(*) AS n
                   FROM session_tags t JOIN sessions s ON s.key = t.session_key GROUP BY 1, 2) real USING (tag, shelf)
        WHERE COALESCE(kept.n, 0) <> COALESCE(real.n, 0)
        """;

    private const string MessageCounts = """
        SELECT format('session %s counts %s messages, its generation has %s', s.key, s.message_count, count(m.seq))
        FROM sessions s
        LEFT JOIN messages m ON m.session_key = s.key AND m.session_id = s.session_id AND m.role IN ('user', 'assistant')
        GROUP BY s.key, s.message_count
        HAVING s.message_count <> count(m.seq)
        """;

    public static string Check(NpgsqlConnection connection)
    {
        var problems = new List<string>();
        Exec(connection, "CREATE EXTENSION IF NOT EXISTS amcheck");
        try
        {
            foreach (var (oid, name) in Rows(connection, Indexes, r => (r.GetInt64(0), r.GetString(1))))
            {
                try
                {
                    using var check = new NpgsqlCommand("SELECT bt_index_check(@i::oid::regclass, true)", connection);
                    check.Parameters.AddWithValue("i", oid);
                    check.ExecuteNonQuery();
                }
                catch (PostgresException ex)
                {
                    problems.Add($"index {name}: {ex.MessageText}");
                }
            }
        }
        finally
        {
            // The database goes back to the pool of test databases as it came.
            Exec(connection, "DROP EXTENSION IF EXISTS amcheck");
        }

        foreach (var sql in new[] { Unvalidated, ListTotals, TagTotals, MessageCounts })
        {
            problems.AddRange(Rows(connection, sql, r => r.GetString(0)));
        }

        return problems.Count == 0 ? "ok" : string.Join('\n', problems);
    }

    private static List<T> Rows<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static void Exec(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
