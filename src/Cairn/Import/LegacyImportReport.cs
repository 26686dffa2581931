namespace Cairn.Import;

public enum LegacyImportStatus
{
    /// <summary>No <c>sessions-store.json</c> in the data dir.</summary>
    NoFile,

    /// <summary>Imported at an earlier start; nothing done.</summary>
    AlreadyImported,

    /// <summary>Imported now (possibly in part: see the problems).</summary>
    Imported,

    /// <summary>The file could not be read or backed up; nothing imported, the file untouched.</summary>
    Failed,
}

/// <summary>
/// What the start-up import of a legacy <c>sessions-store.json</c> did: <c>Imported</c> sessions created or
/// merged into main now, <c>Unchanged</c> entries already imported by an earlier (partial) run, and
/// <c>Problems</c>, each saying what was wrong (the file is left in place).
/// </summary>
public sealed record LegacyImportReport(
    string FilePath,
    LegacyImportStatus Status,
    int Imported = 0,
    int Unchanged = 0,
    string? BackupPath = null,
    IReadOnlyList<string>? Problems = null,
    ImportRecord? Earlier = null,
    bool ChangedSinceImport = false)
{
    public IReadOnlyList<string> AllProblems => Problems ?? [];
}

/// <summary>
/// The run-once record kept in the store's <c>meta</c> table, as JSON. <c>Complete</c> is false when the file
/// was damaged; a repaired file (a new hash) is then imported again, adding what was missing.
/// </summary>
public sealed record ImportRecord(string Sha256, long ImportedAt, int Sessions, bool Complete, string? Backup, string? Problem);
