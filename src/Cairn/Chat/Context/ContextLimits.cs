using Cairn.Config;

namespace Cairn.Chat.Context;

/// <summary>
/// The numbers of the context budget. A request may use <see cref="InputBudget"/> = window − max output tokens;
/// compaction is due when it would pass <see cref="Threshold"/> (compactAtPercent of the input budget). A summary
/// may use <see cref="SummaryTokens"/>; after compaction about <see cref="KeepTokens"/> of recent turns stay verbatim.
/// </summary>
public sealed record ContextLimits
{
    public ContextLimits(int contextWindow, int maxOutputTokens, int compactAtPercent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contextWindow, 16);
        ContextWindow = contextWindow;

        // A server may report a window smaller than the configured output allows: never let output take more than half.
        MaxOutputTokens = Math.Clamp(maxOutputTokens, 1, contextWindow / 2);
        CompactAtPercent = Math.Clamp(compactAtPercent, 10, 95);
    }

    public int ContextWindow { get; }

    /// <summary>Send this as <c>ChatOptions.MaxOutputTokens</c>, so a reply cannot eat the window.</summary>
    public int MaxOutputTokens { get; }

    public int CompactAtPercent { get; }

    public int InputBudget => ContextWindow - MaxOutputTokens;

    public int Threshold => InputBudget * CompactAtPercent / 100;

    /// <summary>The longest summary to ask for: the max output, but at most a quarter of the input budget.</summary>
    public int SummaryTokens => Math.Min(MaxOutputTokens, InputBudget / 4);

    /// <summary>Recent turns kept verbatim by a compaction: half of what the threshold leaves beside a summary.</summary>
    public int KeepTokens => Math.Max(0, (Threshold - SummaryTokens) / 2);

    /// <summary>The same settings for a smaller window (the provider reported its real one).</summary>
    public ContextLimits WithWindow(int contextWindow) => new(contextWindow, MaxOutputTokens, CompactAtPercent);

    public static ContextLimits From(ModelConfig model, int contextWindow) => new(contextWindow, model.MaxOutputTokens, model.CompactAtPercent);
}
