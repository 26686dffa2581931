using System.Security.Cryptography;
using System.Text.Json;
using Cairn.Store;

namespace Cairn.Import;

/// <summary>
/// Imports a legacy JSON session store (<c>&lt;data dir&gt;/sessions-store.json</c>) at gateway start-up,
/// once. The file itself is never changed: a backup copy is written first, the sessions go in within one
/// transaction together with the run-once record (the file's SHA-256), and a damaged file yields the
/// entries that could be read plus problems that name the file.
/// </summary>
public sealed class LegacyStoreImport(CairnDatabase db, TimeProvider time)
{
    public const string FileName = "sessions-store.json";
    public const string MetaName = "import:" + FileName;

    private static readonly JsonSerializerOptions RecordJson = new(JsonSerializerDefaults.Web);

    public static string PathIn(string dataDir) => Path.Combine(dataDir, FileName);

    /// <summary>
    /// The start-up hook: runs the import and logs what it did. Whatever goes wrong, the gateway still starts
    /// (the data is safe: the file is never changed and the import is one transaction).
    /// </summary>
    public static async Task<LegacyImportReport?> RunAtStartupAsync(string dataDir, CairnDatabase db, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        try
        {
            var report = await new LegacyStoreImport(db, time).RunAsync(dataDir, ct: ct);
            Report(report, logger);
            return report;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.LegacyCrashed(logger, PathIn(dataDir), ex);
            return null;
        }
    }

    private static void Report(LegacyImportReport report, ILogger logger)
    {
        switch (report.Status)
        {
            case LegacyImportStatus.Imported:
                Log.LegacyImported(logger, report.Imported, report.FilePath, report.BackupPath);
                break;
            case LegacyImportStatus.AlreadyImported when report.Earlier is { Complete: false } earlier:
                Log.LegacyPartEarlier(logger, report.FilePath, earlier.Problem);
                break;
            case LegacyImportStatus.AlreadyImported when report.ChangedSinceImport:
                Log.LegacyChanged(logger, report.FilePath);
                break;
            case LegacyImportStatus.AlreadyImported:
                Log.LegacyAlreadyImported(logger, report.FilePath);
                break;
        }

        const int shown = 20;
        foreach (var problem in report.AllProblems.Take(shown))
        {
            Log.LegacyProblem(logger, report.FilePath, problem);
        }

        if (report.AllProblems.Count > shown)
        {
            Log.LegacyProblem(logger, report.FilePath, $"and {report.AllProblems.Count - shown} more problems like these");
        }
    }

    public async Task<LegacyImportReport> RunAsync(string dataDir, Action<int>? progress = null, CancellationToken ct = default)
    {
        var path = PathIn(dataDir);
        if (!File.Exists(path))
        {
            return new(path, LegacyImportStatus.NoFile);
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new(path, LegacyImportStatus.Failed, Problems: [$"could not be read ({ex.Message}); nothing was imported"]);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var store = new ImportStore(db);
        if (ReadRecord(store.GetMeta(MetaName)) is { } earlier && (earlier.Complete || earlier.Sha256 == hash))
        {
            return new(path, LegacyImportStatus.AlreadyImported, Earlier: earlier, ChangedSinceImport: earlier.Sha256 != hash);
        }

        string backup;
        try
        {
            backup = await Backup.WriteAsync(path, bytes, time, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new(path, LegacyImportStatus.Failed, Problems: [$"no backup copy could be written beside it ({ex.Message}), so nothing was imported"]);
        }

        return await ImportAsync(store, path, bytes, hash, backup, progress, ct);
    }

    private async Task<LegacyImportReport> ImportAsync(ImportStore store, string path, byte[] bytes, string hash, string backup, Action<int>? progress, CancellationToken ct)
    {
        var parsed = JsonEntries.Read(bytes);
        var problems = new List<string>();
        if (parsed.Damage is { } damage)
        {
            problems.Add(damage);
        }

        var sessions = new List<ImportedSession>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in parsed.Entries)
        {
            if (!seen.Add(key))
            {
                problems.Add($"key '{key}' appears more than once; only its first entry was imported");
                continue;
            }

            var mapped = EntryMapper.Map(key, value);
            if (mapped.Problem is { } problem)
            {
                problems.Add(problem + "; it was not imported");
            }
            else
            {
                sessions.Add(mapped.Session!);
            }
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var record = new ImportRecord(hash, now, sessions.Count, problems.Count == 0, Path.GetFileName(backup), problems.FirstOrDefault());
        var batch = new ImportBatch(FileName, sessions, MetaName, JsonSerializer.Serialize(record, RecordJson)) { Progress = progress };
        var rows = await store.ImportAsync(batch, now, ct);
        var unchanged = rows.Count(r => r.Action == ImportAction.Unchanged);
        return new(path, LegacyImportStatus.Imported, rows.Count - unchanged, unchanged, backup, problems);
    }

    private static ImportRecord? ReadRecord(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ImportRecord>(json, RecordJson);
        }
        catch (JsonException)
        {
            // An unreadable record still means an import ran; treat it as complete rather than import twice.
            return new ImportRecord("", 0, 0, true, null, null);
        }
    }
}
