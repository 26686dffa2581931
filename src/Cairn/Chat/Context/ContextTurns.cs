using System.Globalization;
using System.Text;
using Cairn.Protocol;

namespace Cairn.Chat.Context;

/// <summary>A message as it will be sent: consecutive rows of one role merged, with the seqs it stands for.</summary>
internal readonly record struct Turn(string Role, string Text, int Tokens, long First, long Last);

/// <summary>The pure pieces <see cref="ContextBudget"/> is made of.</summary>
internal static class ContextTurns
{
    /// <summary>Raw tokens of the heading put before each summary in the system message.</summary>
    public const int SummaryHeadingTokens = 32;

    /// <summary>
    /// Active summaries (not contained in a later one), oldest range first, and the user/assistant rows none covers. A
    /// regenerated reply replaces the one before it: of consecutive replies only the last is sent, and with
    /// <paramref name="regenerate"/> (a new reply to the last question is being written) none after the last question.
    /// </summary>
    public static (List<ContextRow> Summaries, List<ContextRow> Verbatim) Visible(IReadOnlyList<ContextRow> rows, bool regenerate = false)
    {
        var summaries = rows.Where(r => r.Role == ContextRow.SummaryRole && r.Covers is not null).ToList();
        var active = summaries
            .Where(s => !summaries.Any(t => t.Seq > s.Seq && t.Covers!.Value.Contains(s.Covers!.Value)))
            .OrderBy(s => s.Covers!.Value.From)
            .ToList();
        var turns = rows.Where(r => r.Role is MessageRoles.User or MessageRoles.Assistant && !Covered(active, r.Seq)).ToList();
        var verbatim = new List<ContextRow>();
        for (var i = 0; i < turns.Count; i++)
        {
            var replaced = turns[i].Role == MessageRoles.Assistant
                && (i + 1 < turns.Count ? turns[i + 1].Role == MessageRoles.Assistant : regenerate);
            if (!replaced)
            {
                verbatim.Add(turns[i]);
            }
        }

        return (active, verbatim);
    }

    /// <summary>Merges consecutive rows of one role (an unanswered user message joins the next), so roles alternate.</summary>
    public static List<Turn> Merge(IEnumerable<ContextRow> rows, List<long> merged)
    {
        var turns = new List<Turn>();
        foreach (var row in rows)
        {
            if (turns.Count > 0 && turns[^1].Role == row.Role)
            {
                var last = turns[^1];
                if (row.Role == MessageRoles.User)
                {
                    merged.Add(last.Last);
                }

                turns[^1] = new Turn(row.Role, last.Text + "\n\n" + row.Text, last.Tokens + row.Tokens + 1, last.First, row.Seq);
            }
            else
            {
                turns.Add(new Turn(row.Role, row.Text, row.Tokens, row.Seq, row.Seq));
            }
        }

        return turns;
    }

    /// <summary>The system message: the session's prompt, then each active summary under a heading; raw tokens beside it.</summary>
    public static (string Text, int Tokens) System(string? prompt, int promptTokens, IReadOnlyList<ContextRow> summaries)
    {
        var text = new StringBuilder(prompt ?? "");
        var tokens = prompt is { Length: > 0 } ? promptTokens : 0;
        foreach (var summary in summaries)
        {
            if (text.Length > 0)
            {
                text.Append("\n\n");
            }

            var covers = summary.Covers!.Value;
            text.Append(CultureInfo.InvariantCulture,
                $"Summary of the earlier conversation (messages {covers.From}–{covers.To}; the full transcript is kept, this is what you remember of it):\n");
            text.Append(summary.Text);
            tokens += summary.Tokens + SummaryHeadingTokens;
        }

        return (text.ToString(), tokens);
    }

    /// <summary>Raw tokens of a request of this system text and these turns, overheads included.</summary>
    public static int Raw(int systemTokens, bool hasSystem, IEnumerable<Turn> turns) =>
        TokenEstimator.PerRequestOverhead + (hasSystem ? systemTokens + TokenEstimator.PerMessageOverhead : 0)
        + turns.Sum(t => t.Tokens + TokenEstimator.PerMessageOverhead);

    /// <summary>Cuts the middle out of a text so that about <paramref name="maxTokens"/> remain, leaving a marker that says so.</summary>
    public static (string Text, int Tokens) Truncate(string text, int tokens, int maxTokens)
    {
        if (tokens <= maxTokens || text.Length == 0)
        {
            return (text, tokens);
        }

        var marker = string.Create(CultureInfo.InvariantCulture, $"\n[… about {tokens - maxTokens} tokens cut here to fit the model's context window …]\n");
        var charsPerToken = text.Length / (double)Math.Max(1, tokens);
        var keep = Math.Max(0, (int)(maxTokens * charsPerToken * 0.9) - marker.Length);
        var head = Boundary(text, keep / 2);
        var tail = Boundary(text, text.Length - (keep - head));
        return (text[..head] + marker + text[tail..], maxTokens);
    }

    private static bool Covered(List<ContextRow> summaries, long seq)
    {
        foreach (var summary in summaries)
        {
            if (summary.Covers!.Value.Contains(seq))
            {
                return true;
            }
        }

        return false;
    }

    // Never split a surrogate pair.
    private static int Boundary(string text, int index)
    {
        index = Math.Clamp(index, 0, text.Length);
        return index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index - 1 : index;
    }
}
