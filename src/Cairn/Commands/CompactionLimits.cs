namespace Cairn.Commands;

/// <summary>The bounds of a compaction request, shared by <c>sessions.compact</c> and <c>/compact</c>.</summary>
public static class CompactionLimits
{
    /// <summary>The longest focus (<c>instructions</c>) a caller may give, in characters.</summary>
    public const int MaxInstructionsLength = 2_000;
}
