using Cairn.Store;

namespace Cairn.Search;

/// <summary>
/// Orders a window of matching messages by relevance: BM25's term-frequency part (k1 = 1.2, b = 0.75) over the
/// window's own average length. Every message of the window has every term (the query is an AND), so the inverse
/// document frequency would weigh all of them alike and is left out; that is what lets a search stop after the
/// newest matches instead of counting a common word's every occurrence. Equal scores keep the newer message first.
/// Only the first <see cref="ScoredChars"/> characters of a long message are scored.
/// </summary>
public static class Relevance
{
    public const int ScoredChars = 20_000;
    private const double K1 = 1.2;
    private const double B = 0.75;

    public static IReadOnlyList<MessageMatch> Rank(IReadOnlyList<MessageMatch> newestFirst, ParsedSearch search)
    {
        if (newestFirst.Count < 2)
        {
            return newestFirst;
        }

        var terms = search.Positive.ToList();
        var stats = newestFirst.Select(m =>
        {
            var text = m.Text.Length > ScoredChars ? m.Text[..ScoredChars] : m.Text;
            var (hits, words) = TermCounter.Count(text, terms);
            return (Hits: hits, Words: Math.Max(1, words));
        }).ToList();
        var average = stats.Average(s => (double)s.Words);
        return [.. newestFirst
            .Select((m, i) => (m, i, score: Score(stats[i].Hits, stats[i].Words, average)))
            .OrderByDescending(x => x.score).ThenBy(x => x.i)
            .Select(x => x.m)];
    }

    private static double Score(int hits, int words, double average) =>
        hits * (K1 + 1) / (hits + (K1 * (1 - B + (B * words / average))));
}
