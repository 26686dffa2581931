using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Sessions;

/// <summary>Why a session is being reset: a <c>sessions.reset</c> call, <c>/new</c> or <c>/reset</c>, or the reset policy.</summary>
public enum ResetCause
{
    Request,
    Command,
    Policy,
}

/// <summary>
/// Resets. The decision is made here (persistent sessions refuse; the policy decides when a session is due and
/// what its notice says); the store carries it out in one transaction (<see cref="ResetPlan"/>).
/// </summary>
public sealed partial class SessionService
{
    /// <summary>
    /// The one reset path. A persistent session refuses with SESSION_PERSISTENT, counted as a blocked reset on the
    /// caller's surface; the policy resets only a session that is due (otherwise CONFLICT, nothing changes).
    /// </summary>
    public async Task<Outcome<SessionsResetResult>> ResetAsync(string key, ResetCause cause, Caller caller, CancellationToken ct)
    {
        var plan = cause == ResetCause.Policy ? PolicyPlan(store.Get(key)) : new ResetPlan(NewSessionId());
        if (plan is null)
        {
            return new MethodError(ErrorCode.Conflict, $"'{key}' is not due for a reset.");
        }

        var result = await store.ResetAsync(key, plan, Now, ct);
        if (!result.IsOk)
        {
            if (result.Status == StoreStatus.Persistent && cause != ResetCause.Policy)
            {
                metrics.ResetBlocked(caller.Surface);
                analytics.Count(GatewayCounter.ResetBlocked);
            }

            return Refused(result.Status, key, result.Existing);
        }

        ResetDone(key, cause, result.Value!.Entry);
        return new SessionsResetResult(Shown(result.Value.Entry), result.Value.PreviousSessionId);
    }

    /// <summary>
    /// <c>sessions.undoReset</c> and <c>/undo-reset</c>: the newest earlier conversation becomes current again; the one
    /// that was current stays stored as an older one (its id is the result's <c>previousSessionId</c>). Allowed in
    /// persistent sessions. CONFLICT <c>nothing_to_undo</c> when there is no earlier conversation.
    /// </summary>
    public async Task<Outcome<SessionsResetResult>> UndoResetAsync(string key, CancellationToken ct)
    {
        var result = await store.UndoResetAsync(key, Now, ct);
        if (result.Status == StoreStatus.NothingToUndo)
        {
            return new MethodError(ErrorCode.Conflict, $"'{result.Existing!.Label}' has no earlier conversation to go back to.",
                new Dictionary<string, object?> { ["reason"] = "nothing_to_undo", ["key"] = key });
        }

        if (!result.IsOk)
        {
            return Refused(result.Status, key, result.Existing);
        }

        Announce(ChangeReason.Reset, key, result.Value!.Entry);
        return new SessionsResetResult(Shown(result.Value.Entry), result.Value.PreviousSessionId);
    }

    /// <summary>
    /// The reset the policy wants before the next message in <paramref name="entry"/>, or null. Chat commits it in
    /// the same transaction as the user's message, then reports it with <see cref="ResetDone"/>.
    /// </summary>
    public ResetPlan? PolicyPlan(SessionEntry? entry) =>
        entry is not null && policy.NoticeIfDue(entry) is { } notice ? new ResetPlan(NewSessionId(), notice, entry) : null;

    /// <summary>Keys the policy may find due now, for the sweep; empty when the policy is off.</summary>
    public IReadOnlyList<string> DueForReset() =>
        policy.DueBefore() is { } before ? store.DueForReset(before.ToUnixTimeMilliseconds(), 500) : [];

    /// <summary>A reset committed: the policy's are logged; every client is told.</summary>
    public void ResetDone(string key, ResetCause cause, SessionEntry entry)
    {
        if (cause == ResetCause.Policy)
        {
            Log.PolicyReset(logger, key);
        }

        Announce(ChangeReason.Reset, key, entry);
    }
}
