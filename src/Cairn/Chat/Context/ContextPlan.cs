using Microsoft.Extensions.AI;

namespace Cairn.Chat.Context;

/// <summary>
/// What to send and whether to compact first. <c>Messages</c> is system prompt + active summaries (one system
/// message) + the verbatim turns no summary covers, roles strictly alternating. <c>RawPromptTokens</c> is the
/// uncorrected estimate (pass it to <see cref="TokenEstimator.Observe"/> with the reported usage);
/// <c>PromptTokens</c> the corrected one (the context meter's "last prompt size"). <c>Fits</c>: the request fits
/// window − max output tokens; send only a plan that fits. <c>Compaction</c> is set when compaction is due (past
/// the threshold, or forced) and there is something to summarise.
/// </summary>
public sealed record ContextPlan(IReadOnlyList<ChatMessage> Messages, int RawPromptTokens, int PromptTokens, bool Fits, CompactionInput? Compaction)
{
    public bool CompactionDue => Compaction is not null;

    /// <summary>Unanswered user messages (failed turns) that were merged into the user message after them.</summary>
    public IReadOnlyList<long> MergedSeqs { get; init; } = [];

    /// <summary>A sliding window: conversation rows before this seq were left out (no summary stands for them).</summary>
    public long? OmittedBefore { get; init; }

    /// <summary>A message (or the system prompt) was cut with a marker because it alone did not fit.</summary>
    public bool Truncated { get; init; }
}
