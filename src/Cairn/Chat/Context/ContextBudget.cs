using Cairn.Protocol;
using Microsoft.Extensions.AI;

namespace Cairn.Chat.Context;

/// <summary>
/// Decides, in tokens, what a request sends. Pure: no I/O, no tokenizing (rows carry their counts).
/// <list type="bullet">
/// <item><see cref="Plan"/>: system prompt + active summaries (in the one system message) + every user/assistant
/// row no summary covers; <see cref="ContextPlan.Compaction"/> is set when that would pass
/// <see cref="ContextLimits.Threshold"/> (or <see cref="ContextInput.Force"/>): the oldest part of the generation
/// (active summaries first, so summaries of summaries happen), up to what one compaction call can read, always
/// keeping about <see cref="ContextLimits.KeepTokens"/> of the most recent turns (at least the last user message)
/// verbatim, and cut so the kept part starts with a user message.</item>
/// <item><see cref="SlidingWindow"/>: the fallback when summarising fails or is not enough: the most recent turns
/// that fit the input budget, starting with a user message; a message that alone is larger is cut in the middle
/// with a marker, so a session never becomes unusable.</item>
/// </list>
/// Roles always alternate: <c>command</c>/<c>notice</c> rows are never sent, and an unanswered user message (a failed
/// turn) is merged with the user message after it (joined by a blank line, listed in
/// <see cref="ContextPlan.MergedSeqs"/> so the UI can mark it) rather than left out: the user's words stay in context.
/// Run loop: <c>plan = Plan(input)</c>; while <c>plan.CompactionDue</c> (at most a few rounds) compact
/// <c>plan.Compaction</c> with <see cref="Compactor"/>, store the summary row, plan again; if a compaction fails, keep
/// the plan when it <c>Fits</c>; if <c>!plan.Fits</c>, use <c>SlidingWindow(input)</c> (and say so in a notice); send
/// <c>plan.Messages</c> with <c>MaxOutputTokens = Limits.MaxOutputTokens</c>. If the provider still answers
/// <c>context_overflow</c>: observe its <c>ReportedPromptTokens</c>, plan again with <c>Force = true</c>, compact,
/// and retry once; then the sliding window.
/// </summary>
public sealed class ContextBudget(ContextLimits configured)
{
    private ContextLimits _limits = configured;

    /// <summary>The fewest raw tokens of conversation worth one compaction call.</summary>
    public const int MinCompactionRead = 64;

    /// <summary>The numbers now: as configured (or reported at start), unless the provider since said its window is smaller.</summary>
    public ContextLimits Limits => Volatile.Read(ref _limits);

    /// <summary>False for a window too small to hold the compaction prompt and some text: only the sliding window works there.</summary>
    public bool CanSummarise => Limits.InputBudget - CompactionPrompt.OverheadTokens >= MinCompactionRead;

    /// <summary>
    /// The provider reported its real window in a context-overflow error (llama.cpp's <c>n_ctx</c>, OpenAI's "maximum
    /// context length"): when smaller than the one in use, plan with it from now on. True when the limits changed.
    /// </summary>
    public bool ObserveWindow(int reportedWindow)
    {
        var current = Limits;
        if (reportedWindow < 16 || reportedWindow >= current.ContextWindow)
        {
            return false;
        }

        Interlocked.CompareExchange(ref _limits, current.WithWindow(reportedWindow), current);
        return true;
    }

    public ContextPlan Plan(ContextInput input)
    {
        var limits = Limits;
        var (summaries, verbatim) = ContextTurns.Visible(input.Rows, input.Regenerate);
        var merged = new List<long>();
        var turns = ContextTurns.Merge(verbatim, merged);
        var system = ContextTurns.System(input.SystemPrompt, input.SystemPromptTokens, summaries);
        var raw = ContextTurns.Raw(system.Tokens, system.Text.Length > 0, turns);
        var tokens = TokenEstimator.Apply(raw, input.Correction);
        var compaction = tokens > limits.Threshold || input.Force ? NextCompaction(limits, input, summaries, verbatim) : null;
        return new ContextPlan(Messages(system.Text, turns), raw, tokens, tokens <= limits.InputBudget, compaction) { MergedSeqs = merged };
    }

    public ContextPlan SlidingWindow(ContextInput input)
    {
        var limits = Limits;
        var (summaries, verbatim) = ContextTurns.Visible(input.Rows, input.Regenerate);
        var merged = new List<long>();
        var turns = ContextTurns.Merge(verbatim, merged);
        var room = RawOf(limits.InputBudget, input.Correction) - TokenEstimator.PerRequestOverhead;

        // The system message may take at most half the room: first without summaries, then cut.
        var system = ContextTurns.System(input.SystemPrompt, input.SystemPromptTokens, summaries);
        if (system.Tokens > room / 2)
        {
            system = ContextTurns.System(input.SystemPrompt, input.SystemPromptTokens, []);
        }

        var truncated = system.Tokens > room / 2;
        system = ContextTurns.Truncate(system.Text, system.Tokens, room / 2);
        room -= system.Text.Length > 0 ? system.Tokens + TokenEstimator.PerMessageOverhead : 0;

        var kept = Recent(turns, room, ref truncated);
        var raw = ContextTurns.Raw(system.Tokens, system.Text.Length > 0, kept);
        var tokens = TokenEstimator.Apply(raw, input.Correction);
        return new ContextPlan(Messages(system.Text, kept), raw, tokens, tokens <= limits.InputBudget, null)
        {
            MergedSeqs = merged,
            OmittedBefore = kept.Count > 0 && turns.Count > 0 && kept[0].First > turns[0].First ? kept[0].First : null,
            Truncated = truncated,
        };
    }

    private static List<Turn> Recent(List<Turn> turns, int room, ref bool truncated)
    {
        var start = turns.Count;
        var used = 0;
        while (start > 0 && used + turns[start - 1].Tokens + TokenEstimator.PerMessageOverhead <= room)
        {
            start--;
            used += turns[start].Tokens + TokenEstimator.PerMessageOverhead;
        }

        while (start < turns.Count && turns[start].Role != MessageRoles.User)
        {
            start++;
        }

        if (start < turns.Count || turns.Count == 0)
        {
            return turns[start..];
        }

        // Not even the last user message fits: send it cut, and nothing after it but what fits beside it.
        var lastUser = turns.FindLastIndex(t => t.Role == MessageRoles.User);
        var turn = turns[Math.Max(0, lastUser)];
        var (text, tokens) = ContextTurns.Truncate(turn.Text, turn.Tokens, Math.Max(1, room - TokenEstimator.PerMessageOverhead));
        truncated = true;
        return [turn with { Text = text, Tokens = tokens }];
    }

    private static CompactionInput? NextCompaction(ContextLimits limits, ContextInput input, List<ContextRow> summaries, List<ContextRow> verbatim)
    {
        var keep = input.KeepTokens ?? RawOf(limits.KeepTokens, input.Correction) / (input.Force ? 2 : 1);
        var boundary = KeepBoundary(verbatim, keep);
        var room = RawOf(limits.InputBudget, input.Correction) - CompactionPrompt.OverheadTokens
            - summaries.Sum(s => s.Tokens + CompactionPrompt.PerRowTokens);

        // A window too small to hold the instructions and some text (llama.cpp's 128-token test model) cannot be
        // summarised into: the run loop then uses the sliding window.
        if (room < MinCompactionRead)
        {
            return null;
        }

        var taken = Chunk(verbatim, boundary, room);
        if (taken.Count == 0 && summaries.Count < 2)
        {
            return null;
        }

        var all = summaries.Concat(taken).ToList();
        var from = all.Min(r => r.Covers?.From ?? r.Seq);
        var to = all.Max(r => r.Covers?.To ?? r.Seq);
        return new CompactionInput(new SeqRange(from, to), all);
    }

    /// <summary>The index from which rows stay verbatim: about <paramref name="keep"/> tokens, at a user row, the last user row included.</summary>
    private static int KeepBoundary(List<ContextRow> verbatim, int keep)
    {
        var k = verbatim.Count;
        var kept = 0;
        while (k > 0 && kept + verbatim[k - 1].Tokens + TokenEstimator.PerMessageOverhead <= keep)
        {
            k--;
            kept += verbatim[k].Tokens + TokenEstimator.PerMessageOverhead;
        }

        var lastUser = verbatim.FindLastIndex(r => r.Role == MessageRoles.User);
        k = lastUser >= 0 ? Math.Min(k, lastUser) : k;
        while (k < verbatim.Count && verbatim[k].Role != MessageRoles.User)
        {
            k++;
        }

        return k;
    }

    /// <summary>The oldest rows before <paramref name="boundary"/> that one compaction call can read, ending before a user row.</summary>
    private static List<ContextRow> Chunk(List<ContextRow> verbatim, int boundary, int room)
    {
        var end = 0;
        var used = 0;
        while (end < boundary && used + verbatim[end].Tokens + CompactionPrompt.PerRowTokens <= room)
        {
            used += verbatim[end].Tokens + CompactionPrompt.PerRowTokens;
            end++;
        }

        if (end < boundary)
        {
            while (end > 0 && verbatim[end].Role != MessageRoles.User)
            {
                end--;
            }
        }

        if (end > 0 || boundary == 0)
        {
            return verbatim[..end];
        }

        // The oldest turn alone is too large to read: summarise it cut, each of its rows to an equal share.
        var turnEnd = 1;
        while (turnEnd < boundary && verbatim[turnEnd].Role != MessageRoles.User)
        {
            turnEnd++;
        }

        var share = Math.Max(1, (room / turnEnd) - CompactionPrompt.PerRowTokens);
        return [.. verbatim[..turnEnd].Select(r => Cut(r, share))];
    }

    private static ContextRow Cut(ContextRow row, int maxTokens)
    {
        var (text, tokens) = ContextTurns.Truncate(row.Text, row.Tokens, maxTokens);
        return row with { Text = text, Tokens = tokens };
    }

    private static int RawOf(int tokens, double correction) => (int)Math.Floor(tokens / Math.Max(correction, 0.01));

    private static List<ChatMessage> Messages(string system, List<Turn> turns)
    {
        var messages = new List<ChatMessage>(turns.Count + 1);
        if (system.Length > 0)
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        foreach (var turn in turns)
        {
            messages.Add(new ChatMessage(turn.Role == MessageRoles.User ? ChatRole.User : ChatRole.Assistant, turn.Text));
        }

        return messages;
    }
}
