using Cairn.Chat.Context;
using Cairn.Commands;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Chat;

/// <summary>
/// Send, history and abort, for every surface. A send resolves its session (key, peer binding, or main), runs a
/// slash command instead of the model, commits the reset the policy wants together with the user's message, and
/// starts the run (<see cref="ChatRunner"/>), all before answering.
/// </summary>
public sealed class ChatService(SessionService sessions, TranscriptStore transcripts, ChatRuns runs, ChatRunner runner,
    ISlashCommands commands, IRunLeases leases, TimeProvider time)
{
    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<Outcome<ChatSendResult>> SendAsync(ChatSendParams p, Caller caller, CancellationToken ct)
    {
        var sent = await SendToSessionAsync(p, caller, ct);
        if (sent.Error is null && p.SessionKey is { } named)
        {
            sessions.Visited(caller, named);
        }

        return sent;
    }

    /// <summary>
    /// <c>chat.retry</c>: answers the session's last user message again when its turn failed (no reply, or the
    /// provider failed); no new user row is written. With <c>regenerate</c> an answered turn is answered again too: the
    /// new reply is stored after the old one, which the model no longer sees. CONFLICT <c>nothing_to_retry</c> when the
    /// last turn was answered (without <c>regenerate</c>) or there is none.
    /// </summary>
    public async Task<Outcome<ChatSendResult>> RetryAsync(ChatRetryParams p, CancellationToken ct)
    {
        if (sessions.Find(p.SessionKey) is not { } found)
        {
            return sessions.NotFound(p.SessionKey);
        }

        if (found.Archived)
        {
            return SessionRules.Archived(found);
        }

        var started = await runs.TryStartAsync(p.SessionKey, ct: ct);
        if (started.Value is not { } run)
        {
            return started.Error!;
        }

        // Read under the run lock, so no reply can land between the check and the run.
        var entry = sessions.Find(p.SessionKey);
        var last = entry is null ? null : transcripts.LastTurnRole(entry.Key, entry.SessionId);
        if (entry is null || !(last == MessageRoles.User || (p.Regenerate && last == MessageRoles.Assistant)))
        {
            await runs.FinishAsync(run);
            run.Dispose();
            return entry is null ? sessions.NotFound(p.SessionKey) : new MethodError(ErrorCode.Conflict,
                last is null
                    ? "This conversation has no message to answer; there is nothing to retry."
                    : "The last turn in this session was answered; there is nothing to retry (regenerate writes another reply).",
                new Dictionary<string, object?> { ["reason"] = "nothing_to_retry", ["sessionKey"] = p.SessionKey });
        }

        run.Regenerate = last == MessageRoles.Assistant;

        _ = Task.Run(() => runner.RunAsync(run, entry), CancellationToken.None);
        if (!p.Wait)
        {
            return new ChatSendResult(entry.Key, SendStatus.Started, run.RunId);
        }

        var outcome = await run.Completion.WaitAsync(ct);
        return new ChatSendResult(entry.Key, outcome.SendStatus, run.RunId, outcome.Message, outcome.Error, Reason: outcome.Reason);
    }

    public Outcome<ChatHistoryResult> History(ChatHistoryParams p, Caller caller)
    {
        if (sessions.Find(p.SessionKey) is not { } entry)
        {
            return sessions.NotFound(p.SessionKey);
        }

        TokenEstimator.Prepare();
        var sessionId = p.SessionId ?? entry.SessionId;
        var messages = transcripts.History(p.SessionKey, sessionId, p.Limit, p.Before);
        sessions.Visited(caller, p.SessionKey);
        return new ChatHistoryResult(p.SessionKey, sessionId, messages);
    }

    /// <summary>
    /// Stops the session's run: here, or on the replica that runs it (asked through the fleet's leases, see
    /// <see cref="IRunLeases.AbortElsewhereAsync"/>). <c>aborted</c> says a run was asked to stop; its end comes as its
    /// <c>chat</c> event, from whichever replica ran it.
    /// </summary>
    public async Task<Outcome<ChatAbortResult>> AbortAsync(ChatAbortParams p, CancellationToken ct)
    {
        if (sessions.Find(p.SessionKey) is null)
        {
            return sessions.NotFound(p.SessionKey);
        }

        if (runs.Active(p.SessionKey) is { } run)
        {
            if (p.RunId is not null && p.RunId != run.RunId)
            {
                return new ChatAbortResult(false, []);
            }

            run.Abort();
            return new ChatAbortResult(true, [run.RunId]);
        }

        return await leases.AbortElsewhereAsync(p.SessionKey, p.RunId, ct) is { } remote
            ? new ChatAbortResult(true, [remote])
            : new ChatAbortResult(false, []);
    }

    private async Task<Outcome<ChatSendResult>> SendToSessionAsync(ChatSendParams p, Caller caller, CancellationToken ct)
    {
        var key = p.SessionKey ?? (p.Peer is { } peer ? sessions.ActiveKey(peer) : SessionNames.MainKey);
        if (sessions.Find(key) is not { } session)
        {
            return sessions.NotFound(key);
        }

        // Commands still run in an archived session (so /session unarchive works from it); a turn does not.
        if (commands.IsCommand(p.Message))
        {
            return await RunCommandAsync(key, p, caller, ct);
        }

        if (session.Archived)
        {
            return SessionRules.Archived(session);
        }

        var started = await runs.TryStartAsync(key, ct: ct);
        if (started.Value is not { } run)
        {
            return started.Error!;
        }

        var turn = await BeginTurnAsync(run, p, ct);
        if (!turn.IsOk || turn.Value!.DuplicateRunId is not null)
        {
            await runs.FinishAsync(run);
            run.Dispose();
            return turn.Status switch
            {
                StoreStatus.Ok => await DuplicateAsync(key, turn.Value!.DuplicateRunId!, p.Wait, ct),
                StoreStatus.IdempotencyKeyReused => KeyReused(key, p.IdempotencyKey!, turn.Value!.DuplicateRunId!),
                _ => sessions.NotFound(key),
            };
        }

        if (turn.Value.ResetFromSessionId is not null)
        {
            sessions.ResetDone(key, ResetCause.Policy, turn.Value.Entry);
        }

        _ = Task.Run(() => runner.RunAsync(run, turn.Value.Entry), CancellationToken.None);
        if (!p.Wait)
        {
            return new ChatSendResult(key, SendStatus.Started, run.RunId);
        }

        var outcome = await run.Completion.WaitAsync(ct);
        return new ChatSendResult(key, outcome.SendStatus, run.RunId, outcome.Message, outcome.Error, Reason: outcome.Reason);
    }

    /// <summary>
    /// The user's message, after the reset the policy wants (read once this send holds the session, so no reply of
    /// an earlier run can land between the decision and the commit).
    /// </summary>
    private async Task<StoreResult<TurnStart>> BeginTurnAsync(ChatRun run, ChatSendParams p, CancellationToken ct)
    {
        try
        {
            var resetFirst = sessions.PolicyPlan(sessions.Find(run.SessionKey));
            return await transcripts.BeginTurnAsync(run.SessionKey, new NewMessage(MessageRoles.User, p.Message, RunId: run.RunId) { TokenCount = TokenEstimator.Count(p.Message) },
                p.IdempotencyKey, resetFirst, Now, ct);
        }
        catch
        {
            await runs.FinishAsync(run);
            run.Dispose();
            throw;
        }
    }

    private async Task<Outcome<ChatSendResult>> RunCommandAsync(string key, ChatSendParams p, Caller caller, CancellationToken ct)
    {
        var reply = await commands.RunAsync(new CommandInvocation(key, p.Message.Trim(), caller.Surface, p.Peer, caller.ConnectionId), ct);
        if (reply.Action is { Type: SessionCommands.SwitchAction } action && action.Key != key)
        {
            // A command that moves its caller elsewhere is not written into the session it leaves: its note would stay at
            // the end of a conversation nobody is in any more. The caller shows the reply where it arrives.
            return new ChatSendResult(key, SendStatus.Command, Command: reply);
        }

        // The session may be gone (/session delete); then there is no transcript to note the command in.
        await transcripts.AppendAsync(key, [new NewMessage(MessageRoles.Command, p.Message.Trim()), new NewMessage(MessageRoles.Notice, reply.Reply)], Now, ct: ct);
        return new ChatSendResult(key, SendStatus.Command, Command: reply);
    }

    private static MethodError KeyReused(string key, string idempotencyKey, string runId) => new(ErrorCode.Conflict,
        "This idempotencyKey was already used in this session for another message; use a new key for a new message.",
        new Dictionary<string, object?>
        {
            ["reason"] = "idempotency_key_reused",
            ["sessionKey"] = key,
            ["idempotencyKey"] = idempotencyKey,
            ["runId"] = runId,
        });

    private async Task<Outcome<ChatSendResult>> DuplicateAsync(string key, string runId, bool wait, CancellationToken ct)
    {
        if (runs.Active(key) is { } active && active.RunId == runId)
        {
            if (!wait)
            {
                return new ChatSendResult(key, SendStatus.Started, runId);
            }

            var outcome = await active.Completion.WaitAsync(ct);
            return new ChatSendResult(key, outcome.SendStatus, runId, outcome.Message, outcome.Error);
        }

        var reply = transcripts.ReplyOf(key, runId);
        return new ChatSendResult(key, reply is null ? SendStatus.Error : SendStatus.Final, runId, reply, reply is null ? "That send already ran and left no reply." : null);
    }
}
