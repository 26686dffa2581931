using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Replicas;

/// <summary>
/// Ends a run whose gateway died mid-reply: its stored partial reply is marked interrupted (<see cref="TranscriptStore.Interrupted"/>)
/// and its end announced like any run's, a <c>chat</c> event (state error, reason <c>interrupted</c>) and a
/// <c>sessions.changed</c>, so every client, on every replica, sees the run ended. The event's seq is
/// <see cref="EndSeq"/>: the dead run's last seq is not known, and this one must sort after every delta it sent.
/// </summary>
public sealed class OrphanedRuns(TranscriptStore transcripts, EventHub events, IServiceProvider services, ILogger<OrphanedRuns> logger)
{
    public const string Reason = "interrupted";

    public const long EndSeq = int.MaxValue;

    public const string Message = "The gateway writing this reply stopped before it finished; the text it had written so far is stored.";

    public async Task EndAsync(string sessionKey, string runId, CancellationToken ct)
    {
        await transcripts.InterruptAsync(sessionKey, runId, ct);
        Announce(sessionKey, runId);
    }

    /// <summary>Announces the end of a run whose row was already marked (a lone gateway's start-up marks them all at once).</summary>
    public void Announce(string sessionKey, string runId)
    {
        Log.RunOrphaned(logger, runId, sessionKey);
        events.Publish(new ChatEvent(runId, sessionKey, EndSeq, RunState.Error, Message, Reason));
        // Looked up here: the session service needs the run leases, which need this.
        services.GetRequiredService<SessionService>().Touched(sessionKey);
    }
}
