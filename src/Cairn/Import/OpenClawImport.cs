using Cairn.Store;

namespace Cairn.Import;

/// <summary>What an OpenClaw import did (or, in a dry run, would do).</summary>
public sealed record OpenClawResult(OpenClawSource Source, IReadOnlyList<ImportedRow> Rows, bool DryRun);

/// <summary>
/// Imports an OpenClaw agent's sessions folder straight into a data dir's database. It takes the data-dir
/// lock, so it refuses while a gateway runs there (and no gateway can start half-way through). A dry run
/// imports into a throw-away copy of the database instead and needs no lock.
/// </summary>
public static class OpenClawImport
{
    public const string Source = "openclaw";
    public const int ExitBadInput = 1;
    public const int ExitDataDirBusy = 2;

    public static async Task<OpenClawResult> RunAsync(string dir, string dataDir, bool dryRun, TimeProvider time, CancellationToken ct)
    {
        var sessionsDir = OpenClawFolder.FindSessionsDir(dir)
            ?? throw new ImportRefusedException(
                $"No {OpenClawFolder.IndexFile} in {Path.GetFullPath(dir)} (nor in its sessions/ folder). Pass an OpenClaw agent's sessions folder, " +
                "such as ~/.openclaw/agents/main/sessions.", ExitBadInput);
        OpenClawSource source;
        try
        {
            source = await OpenClawFolder.ReadAsync(sessionsDir, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportRefusedException($"Could not read {sessionsDir}: {ex.Message}", ExitBadInput);
        }

        if (UsesPostgres(dataDir))
        {
            // The import writes (and its dry run copies) the SQLite file; it must not make one beside a PostgreSQL store.
            throw new ImportRefusedException(
                $"The data dir {dataDir} uses the PostgreSQL store (store.provider: postgres); cairn import openclaw imports into a SQLite data dir " +
                "only for now. Import into a data dir of its own, then copy it over once 'cairn store migrate' exists (issue 22).", ExitBadInput);
        }

        var database = Path.Combine(dataDir, CairnDatabase.FileName);
        if (dryRun)
        {
            using var scratch = ImportScratch.Create(database);
            return new OpenClawResult(source, await ImportAsync(scratch.Database, source, time, ct), DryRun: true);
        }

        Gateway.DataDir.Ensure(dataDir);
        using var dataLock = DataDirLock.TryAcquire(dataDir)
            ?? throw new ImportRefusedException(
                $"A gateway is running on the data dir {dataDir}. Stop it first (the import writes the database directly), then run the import again.",
                ExitDataDirBusy);
        using var db = CairnDatabase.Open(database);
        return new OpenClawResult(source, await ImportAsync(db, source, time, ct), DryRun: false);
    }

    private static bool UsesPostgres(string dataDir)
    {
        try
        {
            return Config.ConfigLoader.Load(dataDir).Store.Provider == Config.StoreConfig.Postgres;
        }
        catch (Config.ConfigException)
        {
            return false;
        }
    }

    private static async Task<IReadOnlyList<ImportedRow>> ImportAsync(CairnDatabase db, OpenClawSource source, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await new SessionStore(db).EnsureMainAsync(now, ct);
        return await new ImportStore(db).ImportAsync(new ImportBatch(Source, source.Sessions), now, ct);
    }
}
