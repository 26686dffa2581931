using Cairn.Chat.Models;
using Cairn.Observability;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Chat.Context;

/// <summary>What one preparation did: the plan to send, and how many summaries it wrote.</summary>
public sealed record PreparedContext(ContextPlan Plan, int Compactions, ProviderFailureNote? CompactionFailure);

/// <summary>
/// What a compaction asked for by the user did: the last summary it stored (null when there was nothing to summarise, or
/// the first call failed), how many it stored, and why it stopped early, if it did.
/// </summary>
public sealed record ManualCompaction(TranscriptMessage? Summary, int Compactions, ProviderFailureNote? Failure);

/// <summary>Why the last compaction of a preparation failed (reason code and the provider's message).</summary>
public sealed record ProviderFailureNote(string Reason, string Message);

/// <summary>
/// The run loop's side of the context budget: reads the current generation's rows (token counts stored with them),
/// plans, compacts while due (at most <see cref="MaxRounds"/> summaries per request, each stored as a <c>summary</c>
/// row covering its seq range), and falls back to the sliding window (with a notice) when the plan still does not fit.
/// Callers hold the session's run lock, so no send interleaves with a compaction. The model (its client, budget and
/// compactor) is the session's, passed by the caller.
/// </summary>
public sealed class ChatContext(TranscriptStore transcripts, TokenEstimator estimator, TimeProvider time, CairnMetrics metrics)
{
    public const int MaxRounds = 4;

    public const string SlidingWindowNotice =
        "The conversation no longer fits the model's context and could not be summarised: only the most recent messages were sent. " +
        "Nothing was deleted.";

    public TokenEstimator Estimator => estimator;

    public ContextInput Load(SessionEntry session, bool force = false, bool regenerate = false)
    {
        var rows = transcripts.ContextRows(session.Key, session.SessionId).Select(ToRow).ToList();
        var prompt = session.SystemPrompt ?? "";
        return new ContextInput(prompt, TokenEstimator.Count(prompt), rows, estimator.Correction, force) { Regenerate = regenerate };
    }

    /// <summary>
    /// The plan for the next request: compacted while due; the sliding window if it still does not fit. For a
    /// <paramref name="regenerate"/> run the replies after the last question are left out.
    /// </summary>
    public async Task<PreparedContext> PrepareAsync(ChatModel model, SessionEntry session, bool force, string? focus, bool regenerate,
        CancellationToken ct)
    {
        var budget = model.Budget;
        var input = Load(session, force, regenerate);
        var plan = budget.Plan(input);
        var compactions = 0;
        ProviderFailureNote? failure = null;
        for (var round = 0; plan.CompactionDue && round < MaxRounds; round++)
        {
            var result = await model.Compactor.CompactAsync(plan.Compaction!, budget.Limits.SummaryTokens, focus, ct);
            metrics.Compaction(result.IsOk);
            if (!result.IsOk)
            {
                failure = new ProviderFailureNote(result.Failure!.Reason, result.Failure.Describe());
                break;
            }

            await StoreSummaryAsync(session, result, ct);
            compactions++;
            input = Load(session, regenerate: regenerate);
            plan = budget.Plan(input);
        }

        if (!plan.Fits)
        {
            plan = budget.SlidingWindow(input);

            // Said once while it lasts (until a summary is written), not under every reply.
            if (!transcripts.NoticedSinceLastSummary(session.Key, session.SessionId, SlidingWindowNotice))
            {
                await transcripts.AppendAsync(session.Key, [new NewMessage(MessageRoles.Notice, SlidingWindowNotice)], Now, session.SessionId, ct);
            }
        }

        return new PreparedContext(plan, compactions, failure);
    }

    /// <summary>
    /// <c>sessions.compact</c> and <c>/compact</c>: summarise everything but the last exchange now (with the user's
    /// focus, if any), in as many rounds as one call's window needs (at most <see cref="MaxRounds"/>). The caller holds
    /// the session's run lock.
    /// </summary>
    public async Task<ManualCompaction> CompactNowAsync(ChatModel model, SessionEntry session, string? focus, CancellationToken ct)
    {
        var budget = model.Budget;
        TranscriptMessage? last = null;
        var compactions = 0;
        for (; compactions < MaxRounds; compactions++)
        {
            var plan = budget.Plan(Load(session, force: true) with { KeepTokens = 0 });
            if (plan.Compaction is null)
            {
                break;
            }

            var result = await model.Compactor.CompactAsync(plan.Compaction, budget.Limits.SummaryTokens, focus, ct);
            metrics.Compaction(result.IsOk, manual: true);
            if (!result.IsOk)
            {
                return new ManualCompaction(last, compactions, new ProviderFailureNote(result.Failure!.Reason, result.Failure.Describe()));
            }

            last = (await StoreSummaryAsync(session, result, ct)).Value;
        }

        return new ManualCompaction(last, compactions, null);
    }

    /// <summary>The sliding window over the current rows (after a second overflow).</summary>
    public ContextPlan SlidingWindow(ChatModel model, SessionEntry session, bool regenerate = false) =>
        model.Budget.SlidingWindow(Load(session, regenerate: regenerate));

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private Task<StoreResult<TranscriptMessage>> StoreSummaryAsync(SessionEntry session, CompactionResult result, CancellationToken ct) =>
        transcripts.AppendOneAsync(session.Key, new NewMessage(MessageRoles.Summary, result.Summary!)
        {
            TokenCount = result.SummaryTokens,
            CoversFrom = result.Covers.From,
            CoversTo = result.Covers.To,
        }, Now, session.SessionId, ct);

    private static ContextRow ToRow(ContextSourceRow row)
    {
        var tokens = row.TokenCount ?? TokenEstimator.Count(row.Text);
        return row.Role == MessageRoles.Summary && row.CoversFrom is { } from && row.CoversTo is { } to
            ? ContextRow.Summary(row.Seq, row.Text, tokens, new SeqRange(from, to))
            : new ContextRow(row.Seq, row.Role, row.Text, tokens);
    }
}
