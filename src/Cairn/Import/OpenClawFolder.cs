using System.Text.Json;
using Cairn.Store;

namespace Cairn.Import;

/// <summary>
/// An OpenClaw agent's sessions folder, read and mapped, ready to import. <c>Problems</c>: entries of
/// <c>sessions.json</c> that could not be imported, and damage to it. <c>Unmatched</c>: older transcripts
/// whose session id is in no entry, so their session is unknown. <c>MissingTranscripts</c>: entries whose
/// transcript file does not exist (imported without messages).
/// </summary>
public sealed record OpenClawSource(
    string SessionsDir,
    IReadOnlyList<ImportedSession> Sessions,
    IReadOnlyList<string> Problems,
    TranscriptStats Stats,
    IReadOnlyList<string> Unmatched,
    int MissingTranscripts);

/// <summary>
/// Reads <c>sessions.json</c> (session key → entry) and the transcripts beside it. An entry's current
/// transcript is <c>&lt;sessionId&gt;.jsonl</c> (or the file its <c>sessionFile</c> names). Files renamed to
/// <c>&lt;id&gt;.jsonl.reset.&lt;ts&gt;</c> or <c>.deleted.&lt;ts&gt;</c> are older generations; one is matched to
/// the entry whose sessionId is <c>&lt;id&gt;</c> and imported under the generation id
/// <c>&lt;id&gt;.reset.&lt;ts&gt;</c>. Nothing links any other archive to a session key, so those are reported.
/// </summary>
public static class OpenClawFolder
{
    public const string IndexFile = "sessions.json";

    /// <summary>The sessions folder itself, or an agent folder that contains one; null when neither holds sessions.json.</summary>
    public static string? FindSessionsDir(string dir)
    {
        var full = Path.GetFullPath(dir);
        return File.Exists(Path.Combine(full, IndexFile)) ? full
            : File.Exists(Path.Combine(full, "sessions", IndexFile)) ? Path.Combine(full, "sessions")
            : null;
    }

    public static async Task<OpenClawSource> ReadAsync(string sessionsDir, CancellationToken ct)
    {
        var parsed = JsonEntries.Read(await File.ReadAllBytesAsync(Path.Combine(sessionsDir, IndexFile), ct));
        var problems = parsed.Damage is { } damage ? new List<string> { $"{IndexFile}: {damage}" } : [];
        var archives = Archives(sessionsDir);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var sessions = new List<ImportedSession>();
        var stats = new TranscriptStats();
        var missing = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in parsed.Entries)
        {
            var mapped = seen.Add(key) ? EntryMapper.Map(key, value) : new MappedEntry(null, $"key '{key}' appears more than once");
            if (mapped.Session is not { } session)
            {
                problems.Add($"{IndexFile}: {mapped.Problem}; it was not imported");
                continue;
            }

            var mine = archives.Where(a => a.Id == session.SessionId).ToList();
            matched.UnionWith(mine.Select(a => a.File));
            var (withTranscripts, fileStats, found) = await AttachAsync(sessionsDir, session, CurrentFile(value, session), mine, ct);
            sessions.Add(withTranscripts);
            stats += fileStats;
            missing += found ? 0 : 1;
        }

        var unmatched = archives.Select(a => a.File).Where(f => !matched.Contains(f)).Order(StringComparer.Ordinal).ToList();
        return new OpenClawSource(sessionsDir, sessions, problems, stats, unmatched, missing);
    }

    private static async Task<(ImportedSession Session, TranscriptStats Stats, bool Found)> AttachAsync(
        string dir, ImportedSession session, string currentFile, List<Archive> archives, CancellationToken ct)
    {
        var generations = new List<ImportedGeneration>();
        var stats = new TranscriptStats();
        var created = session.CreatedAt;
        foreach (var archive in archives.OrderBy(a => a.Stamp, StringComparer.Ordinal))
        {
            var old = await OpenClawTranscript.ReadAsync(Path.Combine(dir, archive.File), session.UpdatedAt, ct);
            generations.Add(new ImportedGeneration($"{archive.Id}.{archive.Kind}.{archive.Stamp}", old.Messages));
            stats += old.Stats;
            created = Math.Min(created, old.StartedAt ?? created);
        }

        var path = Path.Combine(dir, currentFile);
        var found = File.Exists(path);
        if (found)
        {
            var current = await OpenClawTranscript.ReadAsync(path, session.UpdatedAt, ct);
            generations.Add(new ImportedGeneration(session.SessionId, current.Messages));
            stats += current.Stats;
            created = Math.Min(created, current.StartedAt ?? created);
        }

        return (session with { CreatedAt = created, Generations = generations }, stats, found || archives.Count > 0);
    }

    /// <summary>Some entries (Telegram topics) name their transcript in <c>sessionFile</c>; it must be a file in this folder.</summary>
    private static string CurrentFile(JsonElement entry, ImportedSession session)
    {
        if (entry.TryGetProperty("sessionFile", out var file) && file.ValueKind == JsonValueKind.String
            && Path.GetFileName(file.GetString()) is { Length: > 0 } name && name.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            return name;
        }

        return Path.GetFileName(session.SessionId + ".jsonl");
    }

    private sealed record Archive(string File, string Id, string Kind, string Stamp);

    private static List<Archive> Archives(string dir)
    {
        var archives = new List<Archive>();
        foreach (var path in Directory.EnumerateFiles(dir, "*.jsonl.*"))
        {
            var name = Path.GetFileName(path);
            var at = name.IndexOf(".jsonl.", StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var rest = name[(at + ".jsonl.".Length)..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            var kind = dot < 0 ? rest : rest[..dot];
            if (dot > 0 && kind is ("reset" or "deleted"))
            {
                archives.Add(new Archive(name, name[..at], kind, rest[(dot + 1)..]));
            }
        }

        return archives;
    }
}
