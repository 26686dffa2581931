using System.Data.Common;

namespace Cairn.Store;

/// <summary>What a migration reads of the two schemas (columns, counts) and the derived rows it recounts on the target.</summary>
public sealed partial class StoreMigrator
{
    /// <summary>
    /// The target's columns of <paramref name="table"/>; the source must have the same set (both run their own latest
    /// migrations, so a difference means one side is another Cairn version).
    /// </summary>
    private List<string> Columns(string table)
    {
        var wanted = ColumnsOf(target, table);
        var have = ColumnsOf(source, table);
        if (wanted.Count == 0 || !new HashSet<string>(wanted, StringComparer.Ordinal).SetEquals(have))
        {
            throw new MigrationRefusedException(MigrationRefusedException.SchemaMismatch,
                $"table {table} has columns ({string.Join(", ", have)}) in the source but ({string.Join(", ", wanted)}) in the target; " +
                "run the same Cairn version on both");
        }

        return wanted;
    }

    private static List<string> ColumnsOf(CairnDatabase db, string table) => db.Read(c =>
    {
        using var command = db.Dialect.IsPostgres
            ? c.Command("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t ORDER BY ordinal_position")
            : c.Command("SELECT name FROM pragma_table_info(@t) ORDER BY cid");
        command.With("@t", table);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    });

    private static long Count(CairnDatabase db, string table) => db.Read(c =>
    {
        using var command = c.Command($"SELECT COUNT(*) FROM {table}");
        return command.ScalarInt64();
    });

    /// <summary>
    /// Derived rows recounted from the copied ones: list totals per shelf, tag counts per shelf (zero rows dropped), and
    /// on PostgreSQL the merge id sequence moved past the copied ids.
    /// </summary>
    private static void RebuildDerived(DbConnection c, DbTransaction tx)
    {
        const string Shelf = "(CASE WHEN s.trashed_at IS NOT NULL THEN 2 WHEN s.archived_at IS NOT NULL THEN 1 ELSE 0 END)";
        Exec(c, tx, $"""
            UPDATE session_counts SET n = (SELECT COUNT(*) FROM sessions s WHERE s.persistent = session_counts.persistent
                AND s.user_created = session_counts.user_created AND {Shelf} = session_counts.shelf)
            """);
        Exec(c, tx, "DELETE FROM tag_counts");
        Exec(c, tx, $"""
            INSERT INTO tag_counts (tag, shelf, n)
                SELECT t.tag, {Shelf}, COUNT(*) FROM session_tags t JOIN sessions s ON s.key = t.session_key GROUP BY t.tag, {Shelf}
            """);
        if (c.Dialect().IsPostgres)
        {
            Exec(c, tx, "SELECT setval(pg_get_serial_sequence('merges', 'id'), COALESCE((SELECT MAX(id) FROM merges), 1), (SELECT MAX(id) FROM merges) IS NOT NULL)");
        }
    }
}
