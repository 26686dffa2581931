using Cairn.Chat.Context;
using Cairn.Chat.Models;
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
/// store's in the context and store steps (a storage error; the reply could not be saved). The context comes from
/// <see cref="ChatContext"/> (token budget, compaction under this run's lock, sliding window); a provider failure is
/// stored as an <c>error</c> row with its reason (after the partial reply, marked incomplete, if the stream broke).
/// The model is the session's (<see cref="ModelCatalog.For"/>): its pinned one, or the default, with a notice when the
/// pinned one is no longer configured (<see cref="ModelFallbackNotices"/>).
/// </summary>
public sealed partial class ChatRunner(ModelCatalog models, TranscriptStore transcripts, SessionService sessions, ChatRuns runs,
    EventHub events, CairnMetrics metrics, ChatContext context, AnalyticsStore analytics, TimeProvider time, ILogger<ChatRunner> logger)
{
    private readonly ModelFallbackNotices _fallbacks = new(transcripts, time);

    public async Task RunAsync(ChatRun run, SessionEntry session)
    {
        var reply = new RunReply(time) { StartedAt = Now, Generation = session.SessionId };
        var outcome = new RunOutcome(RunState.Error, null, "The run did not finish.");
        try
        {
            outcome = await GenerateAsync(run, session, models.For(session.Model), reply);
        }
        catch (Exception ex)
        {
            // Not the provider, not the store (their steps catch their own): a bug. The run still ends cleanly.
            Log.RunFailed(logger, run.RunId, run.SessionKey, ex);
            outcome = new RunOutcome(RunState.Error, null, "The run failed unexpectedly; the gateway log has the details.");
        }
        finally
        {
            await CountUnstoredAbortAsync(run, reply, outcome);
            await CloseOpenPartialAsync(run, reply);

            // Free the session (here and its lease across the fleet) before announcing the end, so a client that sends
            // again on "final", through any replica, is not refused.
            await runs.FinishAsync(run);
            End(run, reply, outcome);
        }
    }

    private async Task<RunOutcome> GenerateAsync(ChatRun run, SessionEntry session, ModelChoice choice, RunReply reply)
    {
        var model = choice.Model;
        ContextPlan plan;
        try
        {
            await _fallbacks.NoticeOnceAsync(session, choice, run.RunId, run.Token);
            plan = await PrepareAsync(run, session, model, force: false);
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            return new RunOutcome(RunState.Aborted, null, null);
        }
        catch (Exception ex)
        {
            return StoreFailed(run, "chat.context", ex, "The conversation could not be read from the store; the gateway log has the details.");
        }

        RunState streamed;
        try
        {
            streamed = await StreamWithRecoveryAsync(run, session, model, plan, reply);
        }
        catch (StoreUnavailableException ex)
        {
            // The context meter (or a compaction's summary) could not be written: the disk, not the model.
            return StoreFailed(run, "chat.context", ex, "The reply could not be saved; the gateway log has the details.");
        }

        try
        {
            if (streamed == RunState.Error)
            {
                await StoreFailureAsync(run, session, reply);
                return new RunOutcome(RunState.Error, null, reply.Error, reply.Reason);
            }

            return new RunOutcome(streamed, await StoreAsync(run, session, reply, streamed), null);
        }
        catch (Exception ex)
        {
            return StoreFailed(run, "chat.reply", ex, "The reply could not be saved; the gateway log has the details.");
        }
    }

    /// <summary>
    /// Sends the plan; on a context overflow before any text, learns the provider's count, compacts harder and
    /// retries once, then falls back to the sliding window for a last attempt.
    /// </summary>
    private async Task<RunState> StreamWithRecoveryAsync(ChatRun run, SessionEntry session, ChatModel model, ContextPlan plan, RunReply reply)
    {
        var state = await StreamAsync(run, model, plan, reply);
        for (var attempt = 0; attempt < 2 && state == RunState.Error && reply.Reason == ProviderReasons.ContextOverflow && reply.Text.Length == 0; attempt++)
        {
            if (reply.ReportedPromptTokens is { } reported)
            {
                context.Estimator.Observe(plan.RawPromptTokens, reported);
            }

            // A window configured larger than the server's own: plan with the server's from now on.
            var configured = model.Budget.Limits.ContextWindow;
            if (reply.ReportedContextWindow is { } window && model.Budget.ObserveWindow(window))
            {
                Log.WindowLearned(logger, window, configured);
            }

            try
            {
                plan = attempt == 0
                    ? await PrepareAsync(run, session, model, force: true)
                    : context.SlidingWindow(model, session, run.Regenerate);
            }
            catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
            {
                return RunState.Aborted;
            }

            reply.Clear();
            state = await StreamAsync(run, model, plan, reply);
        }

        return state;
    }

    /// <summary>The plan for the next request; a summary written on the way is announced (<c>sessions.changed</c>, compacted).</summary>
    private async Task<ContextPlan> PrepareAsync(ChatRun run, SessionEntry session, ChatModel model, bool force)
    {
        var prepared = await context.PrepareAsync(model, session, force, focus: null, run.Regenerate, run.Token);
        if (prepared.Compactions > 0)
        {
            sessions.Compacted(run.SessionKey);
        }

        return prepared.Plan;
    }

    /// <summary>The provider boundary: final, aborted (chat.abort or shutdown), or error with the provider's failure described.</summary>
    private async Task<RunState> StreamAsync(ChatRun run, ChatModel model, ContextPlan plan, RunReply reply)
    {
        var provider = model.Info;
        var options = new ChatOptions { MaxOutputTokens = model.Budget.Limits.MaxOutputTokens };
        var started = time.GetTimestamp();
        var firstToken = true;
        try
        {
            await using var updates = model.Client.GetStreamingResponseAsync(plan.Messages, options, run.Token).GetAsyncEnumerator(run.Token);
            var next = updates.MoveNextAsync().AsTask();
            while (true)
            {
                // Text held by the delta buffer goes out when it is due, and text not stored yet is stored when due, even while
                // the model pauses mid-reply.
                if (Wake(reply) is { } due && !next.IsCompleted && await Task.WhenAny(next, Task.Delay(due, time)) != next)
                {
                    if (reply.Deltas.HasPending && reply.Deltas.Due == TimeSpan.Zero)
                    {
                        Publish(run, ++reply.Seq, RunState.Delta, reply.Deltas.Flush()!);
                    }

                    await SavePartialIfDueAsync(run, reply);
                    continue;
                }

                if (!await next)
                {
                    break;
                }

                var update = updates.Current;
                if (update.Text is { Length: > 0 })
                {
                    // Taken before the next update is asked for, which may already run the provider on.
                    reply.FirstTextAt ??= Now;
                }

                next = updates.MoveNextAsync().AsTask();
                foreach (var usage in update.Contents.OfType<UsageContent>())
                {
                    reply.InputTokens = usage.Details.InputTokenCount ?? reply.InputTokens;
                    reply.OutputTokens = usage.Details.OutputTokenCount ?? reply.OutputTokens;
                }

                if (update.Text is { Length: > 0 } delta)
                {
                    if (firstToken)
                    {
                        firstToken = false;
                        metrics.FirstToken(provider.Name, time.GetElapsedTime(started));
                    }

                    reply.Text.Append(delta);
                    if (reply.Deltas.Add(delta) is { } coalesced)
                    {
                        Publish(run, ++reply.Seq, RunState.Delta, coalesced);
                    }

                    await SavePartialIfDueAsync(run, reply);
                }
            }

            await MeterAsync(run, model, plan, reply);
            return RunState.Final;
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            return RunState.Aborted;
        }
        catch (Exception ex) when (ex is not StoreUnavailableException)
        {
            Log.ProviderFailed(logger, run.RunId, run.SessionKey, ex);
            var failure = ex is ProviderException pe ? pe.Failure : ProviderErrors.Classify(ex);
            metrics.ProviderError(provider.Name, failure.Reason);
            reply.Error = failure.Describe();
            reply.Reason = failure.Reason;
            reply.ReportedPromptTokens = failure.ReportedPromptTokens;
            reply.ReportedContextWindow = failure.ReportedContextWindow;
            return RunState.Error;
        }
    }

    /// <summary>Counts the tokens, learns the estimator's correction from the reported usage, records the context meter.</summary>
    private async Task MeterAsync(ChatRun run, ChatModel model, ContextPlan plan, RunReply reply)
    {
        var provider = model.Info;
        metrics.Tokens(provider.Name, "input", reply.InputTokens, plan.PromptTokens);
        metrics.Tokens(provider.Name, "output", reply.OutputTokens, reply.OutputTokens is null ? TokenEstimator.Count(reply.Text.ToString()) : 0);
        if (reply.InputTokens is { } reported)
        {
            context.Estimator.Observe(plan.RawPromptTokens, reported);
        }

        await transcripts.SetContextMeterAsync(run.SessionKey, reply.InputTokens ?? plan.PromptTokens, model.Budget.Limits.ContextWindow,
            CancellationToken.None);
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>How long the stream loop may wait for the model before held deltas or unsaved text are due; null: as long as it takes.</summary>
    private TimeSpan? Wake(RunReply reply)
    {
        var deltas = reply.Deltas.HasPending ? reply.Deltas.Due : (TimeSpan?)null;
        var save = SaveDue(reply);
        return deltas is null ? save : save is null ? deltas : TimeSpan.FromTicks(Math.Min(deltas.Value.Ticks, save.Value.Ticks));
    }

    private void End(ChatRun run, RunReply reply, RunOutcome outcome)
    {
        // Counted before the sender hears of it.
        metrics.ChatRunFinished(outcome.Status);
        if (reply.Deltas.Flush() is { } rest)
        {
            Publish(run, ++reply.Seq, RunState.Delta, rest);
        }

        Publish(run, ++reply.Seq, outcome.Status, outcome.Status == RunState.Error ? outcome.Error ?? "" : reply.Text.ToString(), outcome.Reason);
        run.Complete(outcome);

        // Counters and times moved: one change event per turn keeps every open list current without polling.
        sessions.Touched(run.SessionKey);
        Log.RunEnded(logger, run.RunId, run.SessionKey, outcome.Status, (int)reply.Seq);
        run.Dispose();
    }

    private void Publish(ChatRun run, long seq, RunState state, string text, string? reason = null) =>
        events.Publish(new ChatEvent(run.RunId, run.SessionKey, seq, state, text, reason));
}
