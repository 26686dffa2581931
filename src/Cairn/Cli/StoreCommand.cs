using System.CommandLine;
using Cairn.Gateway;
using Cairn.Store;
using Npgsql;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn store migrate --to postgres|sqlite --connection …</c>: copies the data dir's SQLite store into a PostgreSQL
/// database, or a PostgreSQL store back into the data dir's SQLite file (<see cref="StoreMigrator"/>). Runs with no
/// gateway: it holds the data dir's lock while it copies. Exit codes in docs/cli.md ("cairn store migrate").
/// </summary>
public static class StoreCommand
{
    /// <summary>The target has rows (or an unfinished copy from another source) and --force was not given.</summary>
    public const int TargetNotEmpty = 2;

    /// <summary>A gateway holds the data dir.</summary>
    public const int GatewayRunning = 4;

    /// <summary>The copy finished but a table's counts differ between source and target.</summary>
    public const int CountsDiffer = 5;

    /// <summary>Interrupted (Ctrl+C): the tables already copied stay; running the same command again continues.</summary>
    public const int Interrupted = 130;

    public static Command Build()
    {
        var to = new Option<string>("--to") { Description = "Where to copy the store: postgres (from the data dir's SQLite file) or sqlite (into it).", Required = true };
        to.AcceptOnlyFromAmong("postgres", "sqlite");
        var connection = new Option<string>("--connection") { Description = "The PostgreSQL connection string (the target with --to postgres, the source with --to sqlite).", Required = true };
        var dataDir = new Option<string?>("--data-dir") { Description = "The data dir whose SQLite store is copied from or into (default $CAIRN_HOME or ~/.cairn)." };
        var force = new Option<bool>("--force") { Description = "Empty a target that has rows first (else it is refused), or start an unfinished copy over." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON, for scripts (no progress lines)." };
        var migrate = new Command("migrate",
            "Copy the store between SQLite and PostgreSQL, table by table, verifying the counts. The gateway must be stopped; " +
            "an interrupted copy continues when run again.")
        {
            to, connection, dataDir, force, json,
        };
        migrate.SetAction((result, ct) => RunAsync(new MigrateOptions(result.GetValue(to)!, result.GetValue(connection)!,
            DataDir.Resolve(result.GetValue(dataDir)), result.GetValue(force), result.GetValue(json)), CliOutput.ForConsole(), Console.Error, ct));
        return new Command("store", "Operate on the store itself (no gateway needed).") { migrate };
    }

    public sealed record MigrateOptions(string To, string Connection, string DataDir, bool Force, bool Json);

    public static async Task<int> RunAsync(MigrateOptions options, CliOutput output, TextWriter progressOut, CancellationToken ct)
    {
        var toPostgres = options.To == "postgres";
        var file = Path.Combine(options.DataDir, CairnDatabase.FileName);
        if (toPostgres && !File.Exists(file))
        {
            return output.Fail("NOT_FOUND", $"There is no SQLite store at {file} to copy; is this the right --data-dir?");
        }

        if (!toPostgres)
        {
            DataDir.Ensure(options.DataDir);
        }

        using var held = DataDirLock.TryAcquire(options.DataDir);
        if (held is null)
        {
            output.Fail("GATEWAY_RUNNING", $"A gateway is running on {options.DataDir} (it holds {DataDirLock.LockPath(options.DataDir)}). Stop it, then run cairn store migrate again.");
            return GatewayRunning;
        }

        CairnDatabase? sqlite = null;
        CairnDatabase? postgres = null;
        try
        {
            if (!toPostgres)
            {
                DataDir.PrecreatePrivate(file);
            }

            sqlite = CairnDatabase.Open(file);
            postgres = CairnDatabase.OpenPostgres(options.Connection);
            var (source, target) = toPostgres ? (sqlite, postgres) : (postgres, sqlite);
            var sourceName = toPostgres ? "sqlite:" + Path.GetFullPath(file) : PostgresName(options.Connection);
            var targetName = toPostgres ? PostgresName(options.Connection) : "sqlite:" + Path.GetFullPath(file);
            var live = !options.Json ? new ProgressLine(progressOut, !Console.IsErrorRedirected) : null;
            if (live is not null)
            {
                output.Line($"Copying {sourceName} → {targetName}");
            }

            var migrator = new StoreMigrator(source, target, sourceName) { Progress = live is null ? null : live.Report };
            var result = await migrator.RunAsync(options.Force, ct);
            live?.Done();
            if (options.Json)
            {
                output.Json(MigrateReport.Of(result));
            }
            else
            {
                Print(output, result);
            }

            return result.Verified ? ExitCodes.Ok : CountsDiffer;
        }
        catch (MigrationRefusedException ex)
        {
            output.Fail(ex.Reason, ex.Message);
            return ex.Reason == MigrationRefusedException.SchemaMismatch ? ExitCodes.Failed : TargetNotEmpty;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            output.Fail("INTERRUPTED", "Stopped. The tables already copied are kept; run the same command again to continue.");
            return Interrupted;
        }
        catch (StoreUnavailableException ex)
        {
            return output.Fail("UNAVAILABLE", ex.Message);
        }
        catch (NpgsqlException ex)
        {
            return output.Fail("UNAVAILABLE", $"PostgreSQL: {ex.Message}");
        }
        finally
        {
            sqlite?.Dispose();
            postgres?.Dispose();
        }
    }

    /// <summary>The PostgreSQL database as <c>postgres://host:port/database</c> (no user, no password): the source's name in the progress table and in output.</summary>
    private static string PostgresName(string connection)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connection);
            return $"postgres://{b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "postgres";
        }
    }

    private static void Print(CliOutput output, MigrationResult result)
    {
        var rows = result.Tables.Select(t => (IReadOnlyList<string>)
        [
            t.Table, t.Source.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            t.Target.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            !t.Matches ? "DIFFERS" : t.CopiedNow ? "ok" : "ok (earlier run)",
        ]).ToList();
        var lines = TextTable.Render(["table", "source", "target", "check"], rows, (_, column, text) => column != 3 ? text
            : text == "DIFFERS" ? output.Red(text) : output.Green(text));
        foreach (var line in lines)
        {
            output.Line(line);
        }

        output.Line();
        if (result.Resumed)
        {
            output.Line("Continued an interrupted copy: tables marked (earlier run) were copied then.");
        }

        output.Line(result.Verified
            ? $"{output.Bold("Done")}: every table has the same number of rows in {result.To} as in {result.From}; list totals, tag counts and the search index were rebuilt there."
            : $"{output.Red("Counts differ")} for {string.Join(", ", result.Tables.Where(t => !t.Matches).Select(t => t.Table))}; the copy is kept, run with --force to copy again.");
    }

    /// <summary>Rows copied per table, on one line rewritten in place on a terminal, else a line per finished table.</summary>
    private sealed class ProgressLine(TextWriter writer, bool terminal)
    {
        private string? _table;

        public void Report(MigrationProgress p)
        {
            if (terminal)
            {
                writer.Write($"\r\e[2K  {p.Table}: {p.Copied:N0} / {p.Total:N0} rows");
                _table = p.Table;
            }
            else if (p.Copied == p.Total)
            {
                writer.WriteLine($"  {p.Table}: {p.Total:N0} rows");
            }
        }

        public void Done()
        {
            if (terminal && _table is not null)
            {
                writer.Write("\r\e[2K");
            }
        }
    }
}

/// <summary>The <c>--json</c> result of <c>cairn store migrate</c>.</summary>
public sealed record MigrateReport(string From, string To, bool Resumed, bool Emptied, bool Verified, IReadOnlyList<MigrateReportTable> Tables)
{
    public static MigrateReport Of(MigrationResult r) => new(r.From, r.To, r.Resumed, r.Emptied, r.Verified,
        r.Tables.Select(t => new MigrateReportTable(t.Table, t.Source, t.Target, t.Matches, t.CopiedNow)).ToList());
}

public sealed record MigrateReportTable(string Table, long Source, long Target, bool Matches, bool CopiedNow);
