namespace Cairn.Chat.Context;

/// <summary>An inclusive range of transcript seqs, e.g. the messages a summary stands for.</summary>
public readonly record struct SeqRange(long From, long To)
{
    public bool Contains(long seq) => seq >= From && seq <= To;

    public bool Contains(SeqRange other) => other.From >= From && other.To <= To;
}

/// <summary>
/// One stored transcript row of the current generation as the budget sees it. <see cref="Tokens"/> is the raw
/// <see cref="TokenEstimator.Count(string)"/> of <see cref="Text"/>, counted once when the row is written (the
/// store keeps it per row), so budgeting never tokenizes old messages again. Roles: <c>user</c>, <c>assistant</c>,
/// <c>summary</c> (with <see cref="Covers"/>), and <c>command</c>/<c>notice</c>, which are never sent.
/// </summary>
public sealed record ContextRow(long Seq, string Role, string Text, int Tokens)
{
    public const string SummaryRole = "summary";

    /// <summary>For a summary: the seqs it stands for (earlier summaries inside the range included).</summary>
    public SeqRange? Covers { get; init; }

    public static ContextRow Summary(long seq, string text, int tokens, SeqRange covers) => new(seq, SummaryRole, text, tokens) { Covers = covers };
}

/// <summary>
/// What <see cref="ContextBudget"/> plans from: the session's system prompt (and its raw token count) and the
/// current generation's rows in seq order. <c>Correction</c> is the estimator's learned factor
/// (<see cref="TokenEstimator.Correction"/>); <c>Force</c> compacts even below the threshold, keeping fewer recent
/// turns: after the provider still reported a context overflow. <c>KeepTokens</c>, when set, replaces the tokens of
/// recent turns kept verbatim (<c>/compact</c> and <c>sessions.compact</c> pass 0: everything but the last exchange).
/// </summary>
public sealed record ContextInput(string? SystemPrompt, int SystemPromptTokens, IReadOnlyList<ContextRow> Rows, double Correction = 1.0, bool Force = false)
{
    public int? KeepTokens { get; init; }

    /// <summary>A new reply to the last question (<c>chat.retry</c> with <c>regenerate</c>): the replies after it are not sent.</summary>
    public bool Regenerate { get; init; }
}

/// <summary>
/// The part of the generation to summarise next: the active summaries and the older verbatim rows, oldest first,
/// each already cut to fit one compaction call. The new summary covers <see cref="Covers"/>.
/// </summary>
public sealed record CompactionInput(SeqRange Covers, IReadOnlyList<ContextRow> Rows);
