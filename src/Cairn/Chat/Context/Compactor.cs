using Cairn.Chat.Providers;
using Microsoft.Extensions.AI;

namespace Cairn.Chat.Context;

/// <summary>The outcome of one compaction: the summary text (and its raw token count, to store with the row), or why it failed.</summary>
public sealed record CompactionResult(SeqRange Covers, string? Summary, int SummaryTokens, ProviderFailure? Failure)
{
    public bool IsOk => Summary is not null;
}

/// <summary>
/// Summarises the older part of a generation with the session's own model, non-streaming, with
/// <see cref="CompactionPrompt"/>. Pass the client from <c>ChatClientFactory.Create</c> (its pipeline raises only
/// <see cref="ProviderException"/>): a provider failure or an empty summary comes back as a failed
/// <see cref="CompactionResult"/>, never as an exception, so the run loop can fall back to
/// <see cref="ContextBudget.SlidingWindow"/>. Run loop:
/// <c>var result = await compactor.CompactAsync(plan.Compaction!, budget.Limits.SummaryTokens, focus, ct);</c> then store
/// a <c>summary</c> row with <c>result.Summary</c>, <c>result.SummaryTokens</c> and <c>result.Covers</c>.
/// </summary>
public sealed class Compactor(IChatClient client, ILogger<Compactor> logger)
{
    public async Task<CompactionResult> CompactAsync(CompactionInput input, int maxOutputTokens, string? focus = null,
        CancellationToken cancellationToken = default)
    {
        var options = new ChatOptions { MaxOutputTokens = maxOutputTokens };
        try
        {
            var response = await client.GetResponseAsync(CompactionPrompt.Messages(input, maxOutputTokens, focus), options, cancellationToken);
            var summary = response.Text.Trim();
            if (summary.Length == 0)
            {
                return Failed(input, new ProviderFailure(ProviderReasons.ProviderError, "The model returned an empty summary."));
            }

            Log.Compacted(logger, input.Covers.From, input.Covers.To, input.Rows.Count);
            return new CompactionResult(input.Covers, summary, TokenEstimator.Count(summary), null);
        }
        catch (ProviderException ex)
        {
            return Failed(input, ex.Failure);
        }
    }

    private CompactionResult Failed(CompactionInput input, ProviderFailure failure)
    {
        Log.CompactionFailed(logger, input.Covers.From, input.Covers.To, failure.Reason);
        return new CompactionResult(input.Covers, null, 0, failure);
    }
}
