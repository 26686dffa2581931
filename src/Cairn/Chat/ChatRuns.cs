using System.Collections.Concurrent;
using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Chat;

/// <summary>
/// The active run of each session. One run at a time per session: a second <c>chat.send</c> while one streams
/// is refused with CONFLICT (reason <c>run_active</c>) rather than queued, so a reply never answers a message
/// the user has not seen answered yet. A compaction asked for by the user (<c>sessions.compact</c>) holds the same
/// lock, so a send during it is refused the same way (the refusal says a summary is being written). Across the
/// replicas of a fleet the session's lease (<see cref="IRunLeases"/>) is taken too, so a send on another replica is
/// refused the same way.
/// </summary>
public sealed class ChatRuns(IHostApplicationLifetime lifetime, IRunLeases leases) : IActiveRuns
{
    private readonly ConcurrentDictionary<string, ChatRun> _bySession = new(StringComparer.Ordinal);

    /// <summary>Starts a run here unless the session has one here or on another replica (then CONFLICT <c>run_active</c>).</summary>
    public async Task<Outcome<ChatRun>> TryStartAsync(string sessionKey, RunKind kind = RunKind.Reply, CancellationToken ct = default)
    {
        var run = new ChatRun(Guid.NewGuid().ToString("N"), sessionKey, lifetime.ApplicationStopping, kind);
        if (!_bySession.TryAdd(sessionKey, run))
        {
            run.Dispose();
            return Busy(sessionKey);
        }

        RunLease lease;
        try
        {
            lease = await leases.TryAcquireAsync(run, ct);
        }
        catch
        {
            Forget(run);
            throw;
        }

        if (lease.Granted)
        {
            return run;
        }

        Forget(run);
        return Busy(sessionKey, lease.HolderRunId, lease.HolderKind);
    }

    public ChatRun? Active(string sessionKey) => _bySession.GetValueOrDefault(sessionKey);

    public bool IsActive(string sessionKey) => _bySession.ContainsKey(sessionKey);

    public async Task<bool> IsActiveInFleetAsync(string sessionKey, CancellationToken ct) =>
        IsActive(sessionKey) || await leases.IsHeldElsewhereAsync(sessionKey, ct);

    public int Count => _bySession.Count;

    /// <summary>The ids of the runs of this process now.</summary>
    public IReadOnlySet<string> RunIds() => _bySession.Values.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);

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

    /// <summary>Frees the session: here at once, and its lease across the fleet before this returns.</summary>
    public async Task FinishAsync(ChatRun run)
    {
        if (_bySession.TryRemove(new KeyValuePair<string, ChatRun>(run.SessionKey, run)))
        {
            await leases.ReleaseAsync(run);
        }
    }

    private void Forget(ChatRun run)
    {
        _bySession.TryRemove(new KeyValuePair<string, ChatRun>(run.SessionKey, run));
        run.Dispose();
    }

    /// <summary>The refusal of a send, retry or compaction while the session's run lock is held: CONFLICT <c>run_active</c>.</summary>
    public MethodError Busy(string key) => Active(key) is { } active ? Busy(key, active.RunId, active.Kind) : Busy(key, null, RunKind.Reply);

    private static MethodError Busy(string key, string? runId, RunKind kind)
    {
        var message = kind == RunKind.Compaction
            ? "This session's earlier messages are being summarised; send again when the summary is written (a few seconds)."
            : "A reply is still being written in this session; wait for it or stop it (chat.abort) before sending again.";
        return new MethodError(ErrorCode.Conflict, message, new Dictionary<string, object?>
        {
            ["reason"] = "run_active",
            ["sessionKey"] = key,
            ["runId"] = runId,
            ["activity"] = kind == RunKind.Compaction ? "compaction" : "reply",
        });
    }
}
