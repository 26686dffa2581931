using Cairn.Protocol;

namespace Cairn.Sessions;

public sealed partial class SessionService
{
    /// <summary>
    /// The generations of a session — the current one first, then those earlier resets closed, newest first — each
    /// readable through <c>chat.history</c> with its <c>sessionId</c>.
    /// </summary>
    public Outcome<SessionsGenerationsResult> Generations(string key)
    {
        if (store.Get(key) is not { } entry)
        {
            return SessionRules.CheckKey(key) ?? NotFound(key);
        }

        var stored = transcripts.Generations(key);
        var current = stored.FirstOrDefault(g => g.SessionId == entry.SessionId);
        var list = new List<SessionGeneration>(stored.Count + 1)
        {
            new(entry.SessionId, current?.FirstAt ?? entry.UpdatedAt, null, current?.MessageCount ?? 0, Current: true),
        };
        list.AddRange(stored.Where(g => g.SessionId != entry.SessionId)
            .Select(g => new SessionGeneration(g.SessionId, g.FirstAt, g.LastAt, g.MessageCount, Current: false)));
        return new SessionsGenerationsResult(entry.Key, list);
    }

    /// <summary>The latest <paramref name="limit"/> rows of one generation, oldest first (for <c>/session history</c>).</summary>
    public IReadOnlyList<TranscriptMessage> GenerationHistory(string key, string sessionId, int limit) =>
        transcripts.History(key, sessionId, limit);
}
