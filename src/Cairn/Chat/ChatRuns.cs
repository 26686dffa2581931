using System.Collections.Concurrent;
using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Chat;

/// <summary>
/// The active run of each session. One run at a time per session: a second <c>chat.send</c> while one streams
/// is refused with CONFLICT (reason <c>run_active</c>) rather than queued, so a reply never answers a message
/// the user has not seen answered yet. A compaction asked for by the user (<c>sessions.compact</c>) holds the same
/// lock, so a send during it is refused the same way (the refusal says a summary is being written).
/// </summary>
public sealed class ChatRuns(IHostApplicationLifetime lifetime) : IActiveRuns
{
    private readonly ConcurrentDictionary<string, ChatRun> _bySession = new(StringComparer.Ordinal);

    public ChatRun? TryStart(string sessionKey, RunKind kind = RunKind.Reply)
    {
        var run = new ChatRun(Guid.NewGuid().ToString("N"), sessionKey, lifetime.ApplicationStopping, kind);
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

    /// <summary>
    /// Aborts the session's run and waits for its end (its partial reply stored in its own generation), at most
    /// <see cref="StopWait"/>: a provider that ignores cancellation must not hold a delete forever; the store refuses
    /// a late write into a session that is gone.
    /// </summary>
    public async Task StopAsync(string sessionKey, CancellationToken ct)
    {
        if (Active(sessionKey) is not { } run)
        {
            return;
        }

        try
        {
            run.Abort();
            await run.Completion.WaitAsync(StopWait, ct);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or TimeoutException)
        {
            // Ended (and disposed) in the meantime, or too slow to end: the store guard covers the rest.
        }
    }

    public static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    public void Finish(ChatRun run) => _bySession.TryRemove(new KeyValuePair<string, ChatRun>(run.SessionKey, run));

    /// <summary>The refusal of a send, retry or compaction while the session's run lock is held: CONFLICT <c>run_active</c>.</summary>
    public MethodError Busy(string key)
    {
        var active = Active(key);
        var message = active?.Kind == RunKind.Compaction
            ? "This session's earlier messages are being summarised; send again when the summary is written (a few seconds)."
            : "A reply is still being written in this session; wait for it or stop it (chat.abort) before sending again.";
        return new MethodError(ErrorCode.Conflict, message, new Dictionary<string, object?>
        {
            ["reason"] = "run_active",
            ["sessionKey"] = key,
            ["runId"] = active?.RunId,
            ["activity"] = active?.Kind == RunKind.Compaction ? "compaction" : "reply",
        });
    }
}
