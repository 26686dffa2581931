using System.Collections.Concurrent;
using Cairn.Sessions;

namespace Cairn.Chat;

/// <summary>
/// The active run of each session. One run at a time per session: a second <c>chat.send</c> while one streams
/// is refused with CONFLICT (reason <c>run_active</c>) rather than queued, so a reply never answers a message
/// the user has not seen answered yet.
/// </summary>
public sealed class ChatRuns(IHostApplicationLifetime lifetime) : IActiveRuns
{
    private readonly ConcurrentDictionary<string, ChatRun> _bySession = new(StringComparer.Ordinal);

    public ChatRun? TryStart(string sessionKey)
    {
        var run = new ChatRun(Guid.NewGuid().ToString("N"), sessionKey, lifetime.ApplicationStopping);
        if (_bySession.TryAdd(sessionKey, run))
        {
            return run;
        }

        run.Dispose();
        return null;
    }

    public ChatRun? Active(string sessionKey) => _bySession.GetValueOrDefault(sessionKey);

    public bool IsActive(string sessionKey) => _bySession.ContainsKey(sessionKey);

    public int Count => _bySession.Count;

    public void Finish(ChatRun run) => _bySession.TryRemove(new KeyValuePair<string, ChatRun>(run.SessionKey, run));
}
