using System.Text.Json;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Export;

/// <summary>
/// Sessions out of Cairn, for every surface (<c>sessions.export</c>, <c>/session export</c>, <c>cairn export</c>):
/// Markdown to read (<see cref="MarkdownExport"/>) or JSON that loses nothing (<see cref="SessionExport"/>). Every
/// generation by default, oldest first; the current one is always there, even when it has no message yet.
/// </summary>
public sealed class ExportService(SessionService sessions, TranscriptStore transcripts, TimeProvider time)
{
    private static readonly JsonSerializerOptions Indented = new(ProtocolJson.Options) { WriteIndented = true };

    public Outcome<SessionsExportResult> Export(SessionsExportParams p)
    {
        if (sessions.Find(p.Key) is not { } entry)
        {
            return sessions.NotFound(p.Key);
        }

        var document = Document(entry, p.CurrentOnly);
        var date = DateTimeOffset.FromUnixTimeMilliseconds(document.ExportedAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return p.Format == ExportFormat.Json
            ? new SessionsExportResult($"{entry.Key}-{date}.json", "application/json", JsonSerializer.Serialize(document, Indented) + "\n")
            : new SessionsExportResult($"{entry.Key}-{date}.md", "text/markdown; charset=utf-8", MarkdownExport.Render(document));
    }

    /// <summary>The JSON document of one session (also one line of <c>cairn export --all</c>).</summary>
    public SessionExport Document(SessionEntry entry, bool currentOnly = false)
    {
        var generations = transcripts.AllGenerations(entry.Key)
            .Where(g => !currentOnly || g.SessionId == entry.SessionId)
            .Select(g => new ExportedGeneration(g.SessionId, g.SessionId == entry.SessionId, g.Messages))
            .ToList();
        if (!generations.Any(g => g.Current))
        {
            generations.Add(new ExportedGeneration(entry.SessionId, true, []));
        }

        var session = new ExportedSession(entry.Key, entry.Label, entry.Description, entry.Persistent, entry.UserCreated, entry.Kind,
            entry.SystemPrompt, entry.CreatedAt, entry.UpdatedAt, entry.SessionId, entry.ArchivedAt)
        {
            Tags = entry.Tags,
            Pinned = entry.Pinned,
        };
        return new SessionExport(SessionExport.FormatName, SessionExport.CurrentVersion, time.GetUtcNow().ToUnixTimeMilliseconds(), session, generations);
    }
}
