using System.Text;
using Cairn.Chat.Providers;
using Cairn.Observability;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;
using Microsoft.Extensions.AI;

namespace Cairn.Chat;

/// <summary>
/// The run loop, internal to chat: builds the model's context from the transcript, streams the reply as
/// <c>chat</c> deltas, stores it, and ends the run (final, aborted or error). Each step catches only its own
/// failures, so they land in the right bucket: the provider's in the streaming step (a provider error), the
/// store's in the context and store steps (a storage error; the reply could not be saved).
/// </summary>
public sealed class ChatRunner(IChatClient client, TranscriptStore transcripts, SessionService sessions, ChatRuns runs,
    EventHub events, CairnMetrics metrics, ProviderInfo provider, TimeProvider time, ILogger<ChatRunner> logger)
{
    public const int MaxContextMessages = 200;

    public async Task RunAsync(ChatRun run, SessionEntry session)
    {
        var reply = new Reply();
        var outcome = new RunOutcome(RunState.Error, null, "The run did not finish.");
        try
        {
            outcome = await GenerateAsync(run, session, reply);
        }
        catch (Exception ex)
        {
            // Not the provider, not the store (their steps catch their own): a bug. The run still ends cleanly.
            Log.RunFailed(logger, run.RunId, run.SessionKey, ex);
            outcome = new RunOutcome(RunState.Error, null, "The run failed unexpectedly; the gateway log has the details.");
        }
        finally
        {
            End(run, reply, outcome);
        }
    }

    private async Task<RunOutcome> GenerateAsync(ChatRun run, SessionEntry session, Reply reply)
    {
        List<ChatMessage> context;
        try
        {
            context = BuildContext(session);
        }
        catch (Exception ex)
        {
            return StoreFailed(run, "chat.context", ex, "The conversation could not be read from the store; the gateway log has the details.");
        }

        var streamed = await StreamAsync(run, context, reply);
        if (streamed == RunState.Error)
        {
            return new RunOutcome(RunState.Error, null, reply.Error);
        }

        try
        {
            return new RunOutcome(streamed, await StoreAsync(run, session, reply, streamed), null);
        }
        catch (Exception ex)
        {
            return StoreFailed(run, "chat.reply", ex, "The reply could not be saved; the gateway log has the details.");
        }
    }

    /// <summary>What the model sees: the session's system prompt, then the current generation's conversation.</summary>
    private List<ChatMessage> BuildContext(SessionEntry session)
    {
        var messages = new List<ChatMessage>();
        if (session.SystemPrompt is { Length: > 0 } prompt)
        {
            messages.Add(new ChatMessage(ChatRole.System, prompt));
        }

        foreach (var row in transcripts.Conversation(session.Key, session.SessionId, MaxContextMessages))
        {
            messages.Add(new ChatMessage(row.Role == MessageRoles.User ? ChatRole.User : ChatRole.Assistant, row.Text));
        }

        return messages;
    }

    /// <summary>The provider boundary: final, aborted (chat.abort or shutdown), or error with the provider's failure described.</summary>
    private async Task<RunState> StreamAsync(ChatRun run, List<ChatMessage> context, Reply reply)
    {
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(context, null, run.Token))
            {
                foreach (var usage in update.Contents.OfType<UsageContent>())
                {
                    reply.InputTokens = usage.Details.InputTokenCount ?? reply.InputTokens;
                    reply.OutputTokens = usage.Details.OutputTokenCount ?? reply.OutputTokens;
                }

                if (update.Text is { Length: > 0 } delta)
                {
                    reply.Text.Append(delta);
                    Publish(run, ++reply.Seq, RunState.Delta, delta);
                }
            }

            return RunState.Final;
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            return RunState.Aborted;
        }
        catch (Exception ex)
        {
            Log.ProviderFailed(logger, run.RunId, run.SessionKey, ex);
            metrics.ProviderError(provider.Name);
            reply.Error = ProviderErrors.Describe(ex);
            return RunState.Error;
        }
    }

    /// <summary>Stores the reply (an aborted run's partial text, if any) in the generation it answers.</summary>
    private async Task<TranscriptMessage?> StoreAsync(ChatRun run, SessionEntry session, Reply reply, RunState state)
    {
        if (state == RunState.Aborted && reply.Text.Length == 0)
        {
            return null;
        }

        var stored = await transcripts.AppendAsync(run.SessionKey,
            [new NewMessage(MessageRoles.Assistant, reply.Text.ToString(), reply.InputTokens, reply.OutputTokens, run.RunId)],
            time.GetUtcNow().ToUnixTimeMilliseconds(), generation: session.SessionId);
        return stored.IsOk ? transcripts.ReplyOf(run.SessionKey, run.RunId) : null;
    }

    private RunOutcome StoreFailed(ChatRun run, string operation, Exception ex, string message)
    {
        Log.StoreFailed(logger, run.RunId, run.SessionKey, operation, ex);
        metrics.StorageError(operation);
        return new RunOutcome(RunState.Error, null, message);
    }

    private void End(ChatRun run, Reply reply, RunOutcome outcome)
    {
        // Free the session before announcing the end, so a client that sends again on "final" is not refused;
        // count it before the sender hears of it.
        runs.Finish(run);
        metrics.ChatRunFinished(outcome.Status);
        Publish(run, ++reply.Seq, outcome.Status, outcome.Status == RunState.Error ? outcome.Error ?? "" : reply.Text.ToString());
        run.Complete(outcome);

        // Counters and times moved: one change event per turn keeps every open list current without polling.
        sessions.Touched(run.SessionKey);
        Log.RunEnded(logger, run.RunId, run.SessionKey, outcome.Status, (int)reply.Seq);
        run.Dispose();
    }

    private void Publish(ChatRun run, long seq, RunState state, string text) =>
        events.Publish(new ChatEvent(run.RunId, run.SessionKey, seq, state, text));

    /// <summary>The reply so far: its text, the event seq, the token counts, the provider's failure.</summary>
    private sealed class Reply
    {
        public StringBuilder Text { get; } = new();

        public long Seq { get; set; }

        public long? InputTokens { get; set; }

        public long? OutputTokens { get; set; }

        public string? Error { get; set; }
    }
}
