using System.Text;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Chat;

/// <summary>The reply so far: its text, the event seq, the token counts, the provider's failure.</summary>
internal sealed class RunReply(TimeProvider time)
{
    public StringBuilder Text { get; } = new();

    /// <summary>Streamed text not yet published as a delta (see <see cref="DeltaBuffer"/>).</summary>
    public DeltaBuffer Deltas { get; } = new(time);

    public long Seq { get; set; }

    public long? InputTokens { get; set; }

    public long? OutputTokens { get; set; }

    public string? Error { get; set; }

    public string? Reason { get; set; }

    public int? ReportedPromptTokens { get; set; }

    public int? ReportedContextWindow { get; set; }

    /// <summary>When the run started and when its first text came (ms since epoch, the gateway's clock), for analytics.</summary>
    public long StartedAt { get; init; }

    public long? FirstTextAt { get; set; }

    /// <summary>The generation the reply answers (its row is stored there as it grows, see <c>ChatRunner.Partial.cs</c>).</summary>
    public string Generation { get; init; } = "";

    /// <summary>The seq of the reply's row once its first text is stored; null before, and when partial saving stopped.</summary>
    public long? PartialSeq { get; set; }

    /// <summary>False once the stored row was finalised (or saving gave up): nothing more to save or mark.</summary>
    public bool PartialOpen { get; set; } = true;

    /// <summary>True after a save failed unexpectedly: no more saves while streaming (the end still writes the reply).</summary>
    public bool PartialStopped { get; set; }

    /// <summary>How much of <see cref="Text"/> the stored row holds, and when it was last written (the clock's timestamp).</summary>
    public int SavedLength { get; set; }

    public long SavedAt { get; set; }

    public ReplyTiming Ending(RunState state, long now) =>
        new(state.WireName(), FirstTextAt - StartedAt, now - StartedAt);

    /// <summary>Forgets a failed attempt before the retry (no text was streamed, so nothing was shown).</summary>
    public void Clear()
    {
        Text.Clear();
        Deltas.Clear();
        (InputTokens, OutputTokens, Error, Reason, ReportedPromptTokens, ReportedContextWindow) = (null, null, null, null, null, null);
    }
}
