using Cairn.Chat.Context;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Chat;

/// <summary>The run loop's writes: the reply or the failed turn in the generation it answers, and a storage failure as an outcome.</summary>
public sealed partial class ChatRunner
{
    /// <summary>
    /// A run aborted before any text stored no row to carry its count (the other endings are counted in the write of
    /// their row): it is counted by a write of its own.
    /// </summary>
    private async Task CountUnstoredAbortAsync(ChatRun run, RunReply reply, RunOutcome outcome)
    {
        if (outcome.Status != RunState.Aborted || reply.Text.Length > 0)
        {
            return;
        }

        try
        {
            var now = Now;
            await analytics.ReplyEndedAsync(run.SessionKey, reply.Ending(RunState.Aborted, now), now);
        }
        catch (StoreUnavailableException ex)
        {
            Log.StoreFailed(logger, run.RunId, run.SessionKey, "analytics", ex);
        }
    }

    /// <summary>A failed turn: the partial reply (if the stream broke mid-way) marked incomplete, then an error row with the reason.</summary>
    private async Task StoreFailureAsync(ChatRun run, SessionEntry session, RunReply reply)
    {
        var now = Now;
        NewMessage? partial = null;
        if (reply.Text.Length > 0)
        {
            var text = reply.Text.ToString();
            partial = new NewMessage(MessageRoles.Assistant, text, reply.InputTokens, reply.OutputTokens, run.RunId)
            {
                Incomplete = true,
                TokenCount = TokenEstimator.Count(text),
            };
        }

        var error = new NewMessage(MessageRoles.Error, reply.Error ?? "The model provider failed.", RunId: run.RunId)
        {
            Reason = reply.Reason,
            Ending = reply.Ending(RunState.Error, now),
        };
        if (partial is not null && reply.PartialSeq is { } seq && reply.PartialOpen)
        {
            await transcripts.FinishPartialAsync(run.SessionKey, session.SessionId, seq, partial, [error], now);
            reply.PartialOpen = false;
            return;
        }

        await transcripts.AppendAsync(run.SessionKey, partial is null ? [error] : [partial, error], now, generation: session.SessionId);
    }

    /// <summary>Stores the reply (an aborted run's partial text, if any) in the generation it answers: its row, if stored as it grew, finalised.</summary>
    private async Task<TranscriptMessage?> StoreAsync(ChatRun run, SessionEntry session, RunReply reply, RunState state)
    {
        var now = Now;
        if (state == RunState.Aborted && reply.Text.Length == 0)
        {
            return null;
        }

        var row = new NewMessage(MessageRoles.Assistant, reply.Text.ToString(), reply.InputTokens, reply.OutputTokens, run.RunId)
        {
            TokenCount = TokenEstimator.Count(reply.Text.ToString()),
            Ending = reply.Ending(state, now),
        };
        StoreResult<SessionEntry> stored;
        if (reply.PartialSeq is { } seq && reply.PartialOpen)
        {
            stored = await transcripts.FinishPartialAsync(run.SessionKey, session.SessionId, seq, row, [], now);
            reply.PartialOpen = false;
        }
        else
        {
            stored = await transcripts.AppendAsync(run.SessionKey, [row], now, generation: session.SessionId);
        }

        return stored.IsOk ? transcripts.ReplyOf(run.SessionKey, run.RunId) : null;
    }

    private RunOutcome StoreFailed(ChatRun run, string operation, Exception ex, string message)
    {
        Log.StoreFailed(logger, run.RunId, run.SessionKey, operation, ex);
        metrics.StorageError(operation);
        return ex is StoreUnavailableException named
            ? new RunOutcome(RunState.Error, null, $"{message[..message.IndexOf(';', StringComparison.Ordinal)]}: {named.Cause}.", named.Reason)
            : new RunOutcome(RunState.Error, null, message);
    }
}
