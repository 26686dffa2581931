using Cairn.Chat.Context;
using Cairn.Protocol;

namespace Cairn.Tests.Chat.Context;

/// <summary>Builds transcript rows for budget tests, counted with the real tokenizer.</summary>
internal static class ContextRows
{
    public static ContextRow Row(long seq, string role, string text) => new(seq, role, text, TokenEstimator.Count(text));

    public static ContextRow User(long seq, string text) => Row(seq, MessageRoles.User, text);

    public static ContextRow Assistant(long seq, string text) => Row(seq, MessageRoles.Assistant, text);

    public static ContextRow Summary(long seq, string text, long from, long to) => ContextRow.Summary(seq, text, TokenEstimator.Count(text), new SeqRange(from, to));

    /// <summary>User/assistant pairs from seq <paramref name="firstSeq"/>, each message about <paramref name="words"/> words.</summary>
    public static List<ContextRow> Turns(int turns, int words, long firstSeq = 1)
    {
        var rows = new List<ContextRow>();
        for (var i = 0; i < turns; i++)
        {
            var seq = firstSeq + (2 * i);
            rows.Add(User(seq, Words($"question{seq}", words)));
            rows.Add(Assistant(seq + 1, Words($"answer{seq + 1}", words)));
        }

        return rows;
    }

    public static string Words(string first, int count) => string.Join(' ', [first, .. Enumerable.Range(1, Math.Max(0, count - 1)).Select(i => $"w{i % 50}")]);
}
