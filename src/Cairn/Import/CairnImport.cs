using System.Text;
using System.Text.Json;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Import;

/// <summary>
/// Cairn's own export back into a gateway (<c>sessions.import</c>, <c>cairn import cairn &lt;file&gt;</c>): one
/// <c>cairn.session</c> document or JSON Lines of them, checked whole before anything is written, then written in one
/// transaction, so a bad or cut file imports nothing. Keys, labels, conversation ids, rows and their seqs are kept;
/// a key or label already taken here gets <c>-2</c> / <c>(2)</c>. Importing the same file again adds only
/// conversations not yet there (the old key is remembered as an alias). An export of the result equals the file but
/// for <c>exportedAt</c> and what was renamed. With <c>format: "chatgpt"</c> the content is ChatGPT's
/// <c>conversations.json</c> instead (<see cref="ChatGptConversations"/>), imported the same way.
/// </summary>
public sealed class CairnImport(ImportStore store, SessionService sessions, TimeProvider time)
{
    public const string Source = "cairn export";

    public async Task<Outcome<SessionsImportResult>> ImportAsync(SessionsImportParams p, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var (source, imported, problem) = p.Format switch
        {
            ImportFormat.Chatgpt => ChatGpt(p.Content, now),
            _ => Cairn(p.Content),
        };
        if (problem is not null)
        {
            return MethodError.Invalid("content", problem);
        }

        var rows = await store.ImportAsync(new ImportBatch(source, imported), now, ct);
        foreach (var row in rows.Where(r => r.Action != ImportAction.Unchanged))
        {
            sessions.Imported(row.Key, row.Action == ImportAction.Created);
        }

        // The store imports main first; answer in the file's order.
        var ordered = imported.Select(s => rows.First(r => r.SourceKey == s.SourceKey)).ToList();
        return new SessionsImportResult([.. ordered.Select(r => r.Key)],
            [.. ordered.Select(r => new ImportedSessionResult(r.SourceKey, r.Key, r.Label, r.Action.ToString().ToLowerInvariant(), r.MessagesAdded, r.GenerationsAdded))]);
    }

    private static (string Source, List<ImportedSession> Sessions, string? Problem) Cairn(string content)
    {
        var (documents, problem) = Parse(content);
        return (Source, [.. documents.Select(Map)], problem);
    }

    private static (string Source, List<ImportedSession> Sessions, string? Problem) ChatGpt(string content, long now)
    {
        var (sessions, problem) = ChatGptConversations.Parse(content, now);
        return (ChatGptConversations.Source, sessions, problem);
    }

    /// <summary>Every document of the content (one, or several one after another as JSON Lines), or the first problem.</summary>
    public static (List<SessionExport> Documents, string? Problem) Parse(string content)
    {
        var documents = new List<SessionExport>();
        if (string.IsNullOrWhiteSpace(content))
        {
            return (documents, "The content is empty: pass a file from 'cairn export' (JSON) or 'cairn export --all' (JSON Lines).");
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(content), new JsonReaderOptions { AllowMultipleValues = true });
        var keys = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (reader.Read())
            {
                var where = $"Session {documents.Count + 1} of the file: ";
                var document = JsonSerializer.Deserialize<SessionExport>(ref reader, ProtocolJson.Options);
                if (Check(document) is { } problem)
                {
                    return (documents, where + problem);
                }

                if (!keys.Add(document!.Session.Key))
                {
                    return (documents, $"{where}the session '{document.Session.Key}' appears twice.");
                }

                documents.Add(document);
            }
        }
        catch (JsonException ex)
        {
            return (documents, $"Not a Cairn export (session {documents.Count + 1} of the file, line {ex.LineNumber + 1}): {ex.Message}");
        }

        return (documents, null);
    }

    private static string? Check(SessionExport? d)
    {
        if (d is null || d.Format != SessionExport.FormatName)
        {
            return $"not a Cairn export (\"format\" must be \"{SessionExport.FormatName}\").";
        }

        if (d.Version != SessionExport.CurrentVersion)
        {
            return $"version {d.Version} is not one this gateway reads (it reads version {SessionExport.CurrentVersion}).";
        }

        var s = d.Session;
        if (s is null || string.IsNullOrWhiteSpace(s.Key) || s.Key.Length > 64 || SessionRules.CheckLabel(s.Label ?? "") is not null)
        {
            return "the session needs a key (1–64 characters) and a label (1–64 characters).";
        }

        if (d.Generations is null || d.Generations.Count(g => g.Current) > 1 || d.Generations.Any(g => string.IsNullOrEmpty(g.SessionId) || g.SessionId.Length > 64 || g.Messages is null))
        {
            return $"'{s.Key}': each conversation needs a sessionId (1–64 characters) and messages; at most one is current.";
        }

        foreach (var g in d.Generations)
        {
            if (g.Messages.Any(m => m.Text is null || !KnownRole(m.Role) || m.Seq < 1) || g.Messages.Select(m => m.Seq).Distinct().Count() != g.Messages.Count)
            {
                return $"'{s.Key}', conversation {g.SessionId}: every message needs a known role, a text and its own seq (1 or more).";
            }
        }

        return null;
    }

    private static bool KnownRole(string? role) => role is MessageRoles.User or MessageRoles.Assistant or MessageRoles.Command
        or MessageRoles.Notice or MessageRoles.Summary or MessageRoles.Error;

    private static ImportedSession Map(SessionExport d)
    {
        var s = d.Session;
        var current = d.Generations.FirstOrDefault(g => g.Current)?.SessionId ?? s.CurrentSessionId;
        var messages = d.Generations.SelectMany(g => g.Messages).ToList();
        return new ImportedSession(s.Key, SessionNames.IsValidKey(s.Key) ? s.Key : SessionNames.Slug(s.Key), current, s.Label.Trim(), LabelGiven: true,
            s.Description, s.Persistent, s.UserCreated, s.Kind, s.CreatedAt, s.UpdatedAt,
            messages.Sum(m => m.InputTokens ?? 0), messages.Sum(m => m.OutputTokens ?? 0), Extra: null)
        {
            SystemPrompt = s.SystemPrompt,
            ArchivedAt = s.ArchivedAt,
            Tags = ImportedTags(s.Tags),
            Pinned = s.Pinned,
            Generations = [.. d.Generations.Select(g => new ImportedGeneration(g.SessionId, [.. g.Messages.OrderBy(m => m.Seq).Select(Row)]))],
        };
    }

    /// <summary>The valid tags of an export, normalised, at most a session's worth; a bad one is dropped, not the import.</summary>
    private static string[] ImportedTags(IReadOnlyList<string>? tags) =>
        [.. (tags ?? []).Select(t => TagRules.Normalize(t ?? "")).OfType<string>().Distinct().Order(StringComparer.Ordinal).Take(TagRules.MaxPerSession)];

    private static ImportedMessage Row(TranscriptMessage m) => new(m.Role, m.Text, m.CreatedAt, m.InputTokens, m.OutputTokens)
    {
        Seq = m.Seq,
        RunId = m.RunId,
        Incomplete = m.Incomplete == true,
        CoversFrom = m.CoversFrom,
        CoversTo = m.CoversTo,
        Reason = m.Reason,
    };
}
