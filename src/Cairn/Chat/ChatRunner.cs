using System.Text;
using Cairn.Chat.Providers;
using Cairn.Gateway;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;
using Microsoft.Extensions.AI;

namespace Cairn.Chat;

/// <summary>
/// Generates one reply: sends the session's current generation (and its system prompt) to the model, streams
/// deltas as <c>chat</c> events, stores the reply, and ends with final, aborted or error.
/// </summary>
public sealed class ChatRunner(IChatClient client, TranscriptStore transcripts, SessionStore sessions, SessionMethods sessionEvents,
    ChatRuns runs, EventHub events, TimeProvider time, ILogger<ChatRunner> logger)
{
    public const int MaxContextMessages = 200;

    public async Task RunAsync(ChatRun run, SessionEntry session)
    {
        var text = new StringBuilder();
        long seq = 0;
        long? input = null, output = null;
        var outcome = new RunOutcome(RunState.Error, null, "The run did not finish.");
        var ending = "The run did not finish.";
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(Context(session), null, run.Token))
            {
                foreach (var usage in update.Contents.OfType<UsageContent>())
                {
                    input = usage.Details.InputTokenCount ?? input;
                    output = usage.Details.OutputTokenCount ?? output;
                }

                if (update.Text is { Length: > 0 } delta)
                {
                    text.Append(delta);
                    Publish(run, ++seq, RunState.Delta, delta);
                }
            }

            var reply = await Store(run, session, text.ToString(), input, output);
            outcome = new RunOutcome(RunState.Final, reply, null);
            ending = text.ToString();
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            var partial = text.Length > 0 ? await Store(run, session, text.ToString(), input, output) : null;
            outcome = new RunOutcome(RunState.Aborted, partial, null);
            ending = text.ToString();
        }
        catch (Exception ex)
        {
            Log.ProviderFailed(logger, run.RunId, run.SessionKey, ex);
            var message = ProviderErrors.Describe(ex);
            outcome = new RunOutcome(RunState.Error, null, message);
            ending = message;
        }
        finally
        {
            // Free the session before announcing the end, so a client that sends again on "final" is not refused.
            runs.Finish(run);
            Publish(run, ++seq, outcome.Status, ending);
            run.Complete(outcome);

            // Counters and times moved: one change event per turn keeps every open list current without polling.
            if (sessions.Get(run.SessionKey) is { } entry)
            {
                sessionEvents.Changed(ChangeReason.Patched, run.SessionKey, entry);
            }

            Log.RunEnded(logger, run.RunId, run.SessionKey, outcome.Status, (int)seq);
            run.Dispose();
        }
    }

    private List<ChatMessage> Context(SessionEntry session)
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

    private async Task<TranscriptMessage?> Store(ChatRun run, SessionEntry session, string reply, long? input, long? output)
    {
        var stored = await transcripts.AppendAsync(run.SessionKey,
            [new NewMessage(MessageRoles.Assistant, reply, input, output, run.RunId)], time.GetUtcNow().ToUnixTimeMilliseconds(),
            generation: session.SessionId);
        return stored.IsOk ? transcripts.ReplyOf(run.SessionKey, run.RunId) : null;
    }

    private void Publish(ChatRun run, long seq, RunState state, string text) =>
        events.Publish(EventNames.Chat, new ChatEvent(run.RunId, run.SessionKey, seq, state, text));
}
