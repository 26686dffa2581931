using System.Diagnostics;
using System.Globalization;
using Cairn.Chat.Context;

namespace Cairn.Bench;

/// <summary>
/// <c>cairn-bench budget</c>: the cost of the context budget on one send for a 1,000-message session (target: under
/// 1 ms with per-message token counts cached), next to what counting would cost without the cache.
/// </summary>
public static class BudgetBench
{
    private static readonly string[] Vocabulary =
    [
        "the", "conversation", "model", "remember", "session", "because", "window", "tokens", "we", "should", "travel", "Lisbon",
        "budget", "night", "train", "planning", "question", "answer", "important", "details", "about", "with", "and", "it", "2026",
    ];

    public static int Run(int messages, int iterations)
    {
        var random = new Random(14);
        var texts = Enumerable.Range(0, messages).Select(_ => Prose(random, random.Next(10, 200))).ToList();
        var uncached = Measure(1, () => texts.Sum(TokenEstimator.Count));
        var rows = Rows(texts);
        var input = new ContextInput("You are a helpful assistant.", 7, rows, 1.1);
        var budget = new ContextBudget(new ContextLimits(8192, 1024, 80));
        var newMessage = Prose(random, 80);

        var plan = Measure(iterations, () => budget.Plan(input).RawPromptTokens);
        var window = Measure(iterations, () => budget.SlidingWindow(input).RawPromptTokens);
        var count = Measure(iterations, () => TokenEstimator.Count(newMessage));
        var sent = budget.Plan(input);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Context budget, {messages} stored messages ({rows.Count(r => r.Role == "summary")} summary), window 8192, {iterations} iterations"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Plan (counts cached)            median {plan.Median,8:0.0} µs   p99 {plan.P99,8:0.0} µs   ({sent.Messages.Count} messages sent, {sent.PromptTokens} tokens, compaction due: {sent.CompactionDue})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  SlidingWindow (counts cached)   median {window.Median,8:0.0} µs   p99 {window.P99,8:0.0} µs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Count one new message (80 w)    median {count.Median,8:0.0} µs   p99 {count.P99,8:0.0} µs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Count all {messages} messages (no cache, first run incl. tokenizer load) {uncached.Median / 1000,8:0.0} ms"));
        return 0;
    }

    private static List<ContextRow> Rows(List<string> texts)
    {
        var rows = new List<ContextRow>(texts.Count + 1);
        for (var i = 0; i < texts.Count; i++)
        {
            var role = i % 50 == 49 ? "notice" : i % 2 == 0 ? "user" : "assistant";
            rows.Add(new ContextRow(i + 1, role, texts[i], TokenEstimator.Count(texts[i])));
        }

        // A summary of the first 900 messages, as after earlier compactions.
        var summary = string.Join(' ', texts.Take(5));
        rows.Add(ContextRow.Summary(texts.Count + 1, summary, TokenEstimator.Count(summary), new SeqRange(1, 900)));
        return rows;
    }

    private static (double Median, double P99) Measure(int iterations, Func<int> action)
    {
        var sink = 0;
        for (var i = 0; i < Math.Min(iterations, 200); i++)
        {
            sink += action();
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            sink += action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(samples);
        GC.KeepAlive(sink);
        return (samples[iterations / 2], samples[Math.Min(iterations - 1, (int)(iterations * 0.99))]);
    }

    private static string Prose(Random random, int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
}
