using Cairn.Commands;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Chat;

/// <summary>
/// <c>chat.send</c>, <c>chat.history</c>, <c>chat.abort</c>. A send resolves its session (key, peer binding, or
/// main), runs slash commands instead of the model, applies a due reset, stores the user's message, and starts
/// the run, all before answering.
/// </summary>
public sealed class ChatMethods(SessionStore sessions, PeerBindingStore peers, TranscriptStore transcripts, ChatRuns runs,
    ChatRunner runner, ResetPolicy policy, SessionMethods sessionEvents, TimeProvider time, IServiceProvider services)
{
    private readonly ISlashCommands? _commands = services.GetService<ISlashCommands>();

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<Outcome<ChatSendResult>> SendAsync(ChatSendParams p, MethodContext ctx, CancellationToken ct)
    {
        var key = p.SessionKey ?? (p.Peer is { } peer ? peers.ActiveKey(peer) : SessionNames.MainKey);
        if (sessions.Get(key) is null)
        {
            return SessionRules.NotFound(key);
        }

        if (_commands is not null && _commands.IsCommand(p.Message))
        {
            return await RunCommandAsync(key, p, ctx, ct);
        }

        var run = runs.TryStart(key);
        if (run is null)
        {
            return RunActive(key);
        }

        StoreResult<TurnStart> turn;
        try
        {
            turn = await transcripts.BeginTurnAsync(key, new NewMessage(MessageRoles.User, p.Message, RunId: run.RunId),
                p.IdempotencyKey, Now, policy.NoticeIfDue, ct);
        }
        catch
        {
            runs.Finish(run);
            run.Dispose();
            throw;
        }

        if (!turn.IsOk || turn.Value!.DuplicateRunId is not null)
        {
            runs.Finish(run);
            run.Dispose();
            return turn.IsOk ? await DuplicateAsync(key, turn.Value!.DuplicateRunId!, p.Wait, ct) : SessionRules.NotFound(key);
        }

        if (turn.Value.ResetFromSessionId is not null)
        {
            sessionEvents.Changed(ChangeReason.Reset, key, turn.Value.Entry);
        }

        _ = Task.Run(() => runner.RunAsync(run, turn.Value.Entry), CancellationToken.None);
        if (!p.Wait)
        {
            return new ChatSendResult(key, SendStatus.Started, run.RunId);
        }

        var outcome = await run.Completion.WaitAsync(ct);
        return new ChatSendResult(key, outcome.SendStatus, run.RunId, outcome.Message, outcome.Error);
    }

    public Task<Outcome<ChatHistoryResult>> HistoryAsync(ChatHistoryParams p, MethodContext ctx, CancellationToken ct)
    {
        if (sessions.Get(p.SessionKey) is not { } entry)
        {
            return Task.FromResult<Outcome<ChatHistoryResult>>(SessionRules.NotFound(p.SessionKey));
        }

        var sessionId = p.SessionId ?? entry.SessionId;
        var messages = transcripts.History(p.SessionKey, sessionId, p.Limit, p.Before);
        return Task.FromResult<Outcome<ChatHistoryResult>>(new ChatHistoryResult(p.SessionKey, sessionId, messages));
    }

    public Task<Outcome<ChatAbortResult>> AbortAsync(ChatAbortParams p, MethodContext ctx, CancellationToken ct)
    {
        if (sessions.Get(p.SessionKey) is null)
        {
            return Task.FromResult<Outcome<ChatAbortResult>>(SessionRules.NotFound(p.SessionKey));
        }

        var run = runs.Active(p.SessionKey);
        if (run is null || (p.RunId is not null && p.RunId != run.RunId))
        {
            return Task.FromResult<Outcome<ChatAbortResult>>(new ChatAbortResult(false, []));
        }

        run.Abort();
        return Task.FromResult<Outcome<ChatAbortResult>>(new ChatAbortResult(true, [run.RunId]));
    }

    private async Task<Outcome<ChatSendResult>> RunCommandAsync(string key, ChatSendParams p, MethodContext ctx, CancellationToken ct)
    {
        var reply = await _commands!.RunAsync(new CommandInvocation(key, p.Message.Trim(), ctx.ClientName, p.Peer), ct);
        // The session may be gone (/session delete); then there is no transcript to note the command in.
        await transcripts.AppendAsync(key, [new NewMessage(MessageRoles.Command, p.Message.Trim()), new NewMessage(MessageRoles.Notice, reply.Reply)], Now, ct: ct);
        return new ChatSendResult(key, SendStatus.Command, Command: reply);
    }

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

    private MethodError RunActive(string key) => new(ErrorCode.Conflict,
        "A reply is still being written in this session; wait for it or stop it (chat.abort) before sending again.",
        new Dictionary<string, object?> { ["reason"] = "run_active", ["sessionKey"] = key, ["runId"] = runs.Active(key)?.RunId });
}
