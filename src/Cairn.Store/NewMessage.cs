namespace Cairn.Store;

/// <summary>
/// A row to append to the current generation of a session. <c>TokenCount</c> is the text's raw token estimate,
/// counted once by the writer (the context budget reads it instead of tokenizing again); <c>Incomplete</c> marks a
/// reply cut off by a broken stream; <c>CoversFrom</c>/<c>CoversTo</c> the seq range a summary stands for;
/// <c>Reason</c> the failure code of an error row.
/// </summary>
public sealed record NewMessage(string Role, string Text, long? InputTokens = null, long? OutputTokens = null, string? RunId = null)
{
    public int? TokenCount { get; init; }

    public bool Incomplete { get; init; }

    public long? CoversFrom { get; init; }

    public long? CoversTo { get; init; }

    public string? Reason { get; init; }

    /// <summary>Set on the row that ends a reply: how the run ended and its timings, counted for analytics in the same write.</summary>
    public ReplyTiming? Ending { get; init; }
}

/// <summary>
/// How a reply ended (<c>final</c>, <c>error</c> or <c>aborted</c>), with the milliseconds from the run's start to its first
/// text (null when none came) and to its end.
/// </summary>
public sealed record ReplyTiming(string State, long? FirstTokenMs, long TotalMs);

/// <summary>
/// A row of the current generation as the context budget reads it: conversation and summaries only, with the
/// token count stored at write time (null for rows written before counts were kept).
/// </summary>
public sealed record ContextSourceRow(long Seq, string Role, string Text, int? TokenCount, long? CoversFrom, long? CoversTo);

/// <summary>What starting a turn did: the session after it, and the reset the policy made first, if any.</summary>
public sealed record TurnStart(SessionEntry Entry, string? ResetFromSessionId, string? DuplicateRunId);
