using System.Data.Common;
using System.Globalization;

namespace Cairn.Store;

/// <summary>Why a migration would not start; <see cref="Reason"/> is one of the constants (docs/cli.md, "cairn store migrate").</summary>
public sealed class MigrationRefusedException(string reason, string message) : Exception(message)
{
    /// <summary>The target has rows already (and no unfinished migration from this source): pass --force to empty it.</summary>
    public const string TargetNotEmpty = "TARGET_NOT_EMPTY";

    /// <summary>The target holds an unfinished migration from another source.</summary>
    public const string OtherSource = "OTHER_SOURCE";

    /// <summary>The two schemas differ in a table's columns (one side is a newer Cairn).</summary>
    public const string SchemaMismatch = "SCHEMA_MISMATCH";

    public string Reason { get; } = reason;
}

/// <summary>
/// Copies a store from one database into another (SQLite to PostgreSQL or back): the target's own migrations first, then
/// table by table (<see cref="MigrationTables.All"/>), each in ONE target transaction that also records the table as
/// done in <see cref="ProgressTable"/>; rows are read in key order and written in multi-row batches. An interrupted run
/// (Ctrl+C, a crash, a lost connection) leaves the tables it finished and rolls back the one it was in; running again
/// with the same source skips the finished tables. At the end the derived rows are rebuilt (list totals, tag counts,
/// PostgreSQL's merge id sequence), the counts of every table compared, and, when they all match, the progress table
/// dropped. Ids, seq numbers and keys are copied as they are, so cursors, links and share tokens stay valid.
/// </summary>
public sealed partial class StoreMigrator(CairnDatabase source, CairnDatabase target, string sourceName)
{
    /// <summary>The target's record of a migration in progress: the source's name, and each finished table with its row count.</summary>
    public const string ProgressTable = "cairn_migrate_progress";

    private const string SourceRow = ":source";

    /// <summary>Parameters per INSERT (well under SQLite's 32766 and PostgreSQL's 65535).</summary>
    private const int ParametersPerBatch = 4000;

    /// <summary>Called after each batch; null for quiet.</summary>
    public Action<MigrationProgress>? Progress { get; init; }

    /// <summary>A test hook: called after each batch is written, inside the table's transaction (a throw interrupts the copy).</summary>
    internal Action<string, long>? AfterBatch { get; init; }

    public async Task<MigrationResult> RunAsync(bool force, CancellationToken ct)
    {
        var done = ReadProgress();
        var resumed = false;
        var emptied = false;
        if (done is not null && done.GetValueOrDefault(SourceRow) is { } recorded && recorded != sourceName && !force)
        {
            throw new MigrationRefusedException(MigrationRefusedException.OtherSource,
                $"the target holds an unfinished migration from another source ({recorded}); pass --force to empty it and start over");
        }

        if (done is not null && !force)
        {
            resumed = true;
        }
        else
        {
            if (done is null && NonEmptyTable() is { } table && !force)
            {
                throw new MigrationRefusedException(MigrationRefusedException.TargetNotEmpty,
                    $"the target is not empty (table {table} has rows); pass --force to empty it first");
            }

            if (force && (done is not null || NonEmptyTable() is not null))
            {
                await EmptyTargetAsync(ct);
                emptied = true;
            }

            await target.WriteAsync((c, tx) =>
            {
                Exec(c, tx, $"CREATE TABLE {ProgressTable} (step TEXT PRIMARY KEY, value TEXT NOT NULL)");
                Exec(c, tx, $"INSERT INTO {ProgressTable} (step, value) VALUES (@s, @v)", ("@s", SourceRow), ("@v", sourceName));
                return 0;
            }, ct);
            done = new Dictionary<string, string>(StringComparer.Ordinal) { [SourceRow] = sourceName };
        }

        var copiedNow = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in MigrationTables.All)
        {
            if (done.ContainsKey(table.Name))
            {
                continue;
            }

            ct.ThrowIfCancellationRequested();
            await CopyTableAsync(table, ct);
            copiedNow.Add(table.Name);
        }

        await target.WriteAsync((c, tx) =>
        {
            RebuildDerived(c, tx);
            return 0;
        }, ct);

        var results = MigrationTables.All.Select(t => new MigrationTableResult(t.Name, Count(source, t.Name), Count(target, t.Name), copiedNow.Contains(t.Name))).ToList();
        var result = new MigrationResult(source.Provider, target.Provider, resumed, emptied, results);
        if (result.Verified)
        {
            await target.WriteAsync((c, tx) =>
            {
                Exec(c, tx, $"DROP TABLE {ProgressTable}");
                return 0;
            }, ct);
        }

        return result;
    }

    /// <summary>The first copied table of the target that has rows (templates: a row that is not a built-in), or null when it is empty.</summary>
    public string? NonEmptyTable() => target.Read(c =>
    {
        foreach (var table in MigrationTables.All)
        {
            var sql = table.Name == "templates"
                ? "SELECT COUNT(*) FROM (SELECT 1 FROM templates WHERE built_in = 0 LIMIT 1) t"
                : $"SELECT COUNT(*) FROM (SELECT 1 FROM {table.Name} LIMIT 1) t";
            using var command = c.Command(sql);
            if (command.ScalarInt64() > 0)
            {
                return table.Name;
            }
        }

        return null;
    });

    private Dictionary<string, string>? ReadProgress() => target.Read(c =>
    {
        if (!TableExists(c, ProgressTable))
        {
            return null;
        }

        var steps = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = c.Command($"SELECT step, value FROM {ProgressTable}");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            steps[reader.GetString(0)] = reader.GetString(1);
        }

        return steps;
    });

    private static bool TableExists(DbConnection c, string name)
    {
        using var command = c.Dialect().IsPostgres
            ? c.Command("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = @n")
            : c.Command("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @n");
        return command.With("@n", name).ScalarInt64() > 0;
    }

    /// <summary>--force: every copied table emptied (last first; the target's triggers take their derived rows along), the progress table dropped.</summary>
    private Task<int> EmptyTargetAsync(CancellationToken ct) => target.WriteAsync((c, tx) =>
    {
        foreach (var table in MigrationTables.All.Reverse())
        {
            Exec(c, tx, $"DELETE FROM {table.Name}");
        }

        Exec(c, tx, $"DROP TABLE IF EXISTS {ProgressTable}");
        RebuildDerived(c, tx);
        return 0;
    }, ct);

    private async Task CopyTableAsync(MigrationTable table, CancellationToken ct)
    {
        var columns = Columns(table.Name);
        var total = Count(source, table.Name);
        var rowsPerBatch = Math.Max(1, ParametersPerBatch / columns.Count);
        await target.WriteAsync((c, tx) =>
        {
            if (table.Kind == CopyKind.ReplaceTargetRows)
            {
                Exec(c, tx, $"DELETE FROM {table.Name}");
            }

            var copied = source.ReadSnapshot((sc, stx) =>
            {
                using var read = sc.Command($"SELECT {string.Join(", ", columns)} FROM {table.Name} ORDER BY {table.OrderBy}", stx);
                using var reader = read.ExecuteReader();
                var batch = new List<object?[]>(rowsPerBatch);
                long n = 0;
                while (reader.Read())
                {
                    var row = new object?[columns.Count];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }

                    batch.Add(row);
                    if (batch.Count == rowsPerBatch)
                    {
                        n = Flush(c, tx, table.Name, columns, batch, n, total, ct);
                    }
                }

                return batch.Count > 0 ? Flush(c, tx, table.Name, columns, batch, n, total, ct) : n;
            });

            using var count = c.Command($"SELECT COUNT(*) FROM {table.Name}", tx);
            var landed = count.ScalarInt64();
            if (landed != copied)
            {
                throw new InvalidOperationException($"table {table.Name}: {copied} rows read from the source but {landed} in the target");
            }

            Exec(c, tx, $"INSERT INTO {ProgressTable} (step, value) VALUES (@s, @v)",
                ("@s", table.Name), ("@v", copied.ToString(CultureInfo.InvariantCulture)));
            return copied;
        }, ct);
        Progress?.Invoke(new MigrationProgress(table.Name, total, total));
    }

    private long Flush(DbConnection c, DbTransaction tx, string table, List<string> columns, List<object?[]> batch, long before, long total,
        CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var insert = c.Command("", tx);
        var values = new List<string>(batch.Count);
        for (var r = 0; r < batch.Count; r++)
        {
            var names = new string[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                names[i] = $"@p{r}_{i}";
                insert.Param(names[i], batch[r][i]);
            }

            values.Add("(" + string.Join(", ", names) + ")");
        }

        insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES {string.Join(", ", values)}";
        insert.ExecuteNonQuery();
        var copied = before + batch.Count;
        batch.Clear();
        AfterBatch?.Invoke(table, copied);
        Progress?.Invoke(new MigrationProgress(table, copied, total));
        return copied;
    }

    private static void Exec(DbConnection c, DbTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = c.Command(sql, tx);
        foreach (var (name, value) in parameters)
        {
            command.Param(name, value);
        }

        command.ExecuteNonQuery();
    }
}
