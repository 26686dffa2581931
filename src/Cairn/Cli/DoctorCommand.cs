using System.CommandLine;
using Cairn.Config;
using Cairn.Gateway;
using Cairn.Store;
using Microsoft.Data.Sqlite;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn doctor</c>: SQLite's full <c>PRAGMA integrity_check</c> of the data dir's database, on a read-only
/// connection, so it runs with the gateway stopped or beside a running one (WAL: a consistent snapshot, no writer is
/// blocked). Prints what it found and, on damage, how to restore from a backup. Exit 0 sound, 1 damaged, 2 nothing
/// could be checked.
/// </summary>
public static class DoctorCommand
{
    public const int Damaged = 1;
    public const int Unreadable = 2;

    public static Command Build()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "The data dir to check (default $CAIRN_HOME or ~/.cairn)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON, for scripts." };
        var command = new Command("doctor", "Check the data dir's database for damage (SQLite's full integrity check); works with the gateway running or stopped.")
        {
            dataDir, json,
        };
        command.SetAction((result, ct) => Task.FromResult(Run(DataDir.Resolve(result.GetValue(dataDir)), result.GetValue(json), CliOutput.ForConsole(), ct)));
        return command;
    }

    public static int Run(string dataDir, bool json, CliOutput output, CancellationToken ct = default)
    {
        var report = Examine(dataDir, ct);
        if (json)
        {
            output.Json(report);
        }
        else
        {
            DoctorView.Print(output, report);
        }

        return report.Result switch
        {
            DoctorReport.Ok => ExitCodes.Ok,
            DoctorReport.Damaged => Damaged,
            _ => Unreadable,
        };
    }

    private static DoctorReport Examine(string dataDir, CancellationToken ct)
    {
        if (PostgresStore(dataDir) is { } connectionString)
        {
            return ExaminePostgres(dataDir, connectionString);
        }

        var db = Path.Combine(dataDir, CairnDatabase.FileName);
        var report = new DoctorReport(dataDir, db, Size(db), Size(db + "-wal"), null, StoreIntegrity.LatestSchemaVersion, GatewayRunning(dataDir),
            "integrity_check", DoctorReport.Unreadable, [], 0, []);
        if (!File.Exists(db))
        {
            return report with { Advice = [$"There is no database at {db}: nothing to check. A gateway creates it on its first start; is this the right --data-dir?"] };
        }

        try
        {
            var found = StoreIntegrity.Check(db, full: true, ct);
            var seconds = Math.Round(found.Elapsed.TotalSeconds, 3);
            return found.Outcome switch
            {
                IntegrityOutcome.Ok => report with { SchemaVersion = StoreIntegrity.ReadSchemaVersion(db), Result = DoctorReport.Ok, Seconds = seconds },
                IntegrityOutcome.Damaged => report with
                {
                    SchemaVersion = StoreIntegrity.ReadSchemaVersion(db), Result = DoctorReport.Damaged, Problems = found.Problems, Seconds = seconds,
                    Advice = RestoreAdvice(dataDir, report.GatewayRunning),
                },
                _ => report with { Seconds = seconds, Advice = ["The check was stopped before it finished; run it again."] },
            };
        }
        catch (SqliteException ex)
        {
            return report with { Advice = [$"SQLite could not open {db}: {ex.Message} Run cairn doctor as the user that runs the gateway."] };
        }
    }

    /// <summary>The PostgreSQL connection string when the data dir's config says <c>store.provider: postgres</c>.</summary>
    private static string? PostgresStore(string dataDir)
    {
        try
        {
            var store = ConfigLoader.Load(dataDir).Store;
            return store.Provider == StoreConfig.Postgres ? store.ConnectionString : null;
        }
        catch (ConfigException)
        {
            // An invalid config stops the gateway with its own message; doctor still checks what it can: the file.
            return null;
        }
    }

    /// <summary>A PostgreSQL store: reachable, which server, which schema step; the server checks its own pages.</summary>
    private static DoctorReport ExaminePostgres(string dataDir, string connectionString)
    {
        var found = PostgresCheck.Run(connectionString);
        var report = new DoctorReport(dataDir, found.Target, 0, 0, found.SchemaVersion, PostgresCheck.LatestSchemaVersion, GatewayRunning(dataDir),
            "select 1", found.Problem is null ? DoctorReport.Ok : DoctorReport.Unreadable, [], Math.Round(found.Elapsed.TotalSeconds, 3), [])
        {
            Provider = StoreConfig.Postgres,
        };
        return found.Problem is null
            ? report with { Advice = [$"PostgreSQL {found.ServerVersion} answers. It checks its own pages; back it up with pg_dump (docs/operations.md#postgresql-store)."] }
            : report with { Advice = [$"PostgreSQL could not be reached: {found.Problem}", "Check store.connectionString (or CAIRN_STORE__CONNECTIONSTRING) and that the server is up and accepts this user."] };
    }

    /// <summary>How to get a sound store back; docs/operations.md#restore has the same steps.</summary>
    private static string[] RestoreAdvice(string dataDir, bool? running) =>
    [
        running == true ? "Stop the gateway (Ctrl+C, or systemctl stop cairn)." : "Keep the gateway stopped.",
        $"In {dataDir}, move cairn.db, cairn.db-wal and cairn.db-shm aside (keep them).",
        "Copy your latest backup to cairn.db and start the gateway; it applies any migrations the backup lacks (docs/operations.md#restore).",
        "No backup? Save what SQLite can still read: sqlite3 cairn.db .recover | sqlite3 recovered.db, run cairn doctor on a data dir holding it, then use it as cairn.db.",
    ];

    /// <summary>Whether a gateway holds the data dir's lock; null when there is no lock file or it cannot be opened.</summary>
    private static bool? GatewayRunning(string dataDir)
    {
        if (!File.Exists(DataDirLock.LockPath(dataDir)))
        {
            return false;
        }

        try
        {
            using var taken = DataDirLock.TryAcquire(dataDir);
            return taken is null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
