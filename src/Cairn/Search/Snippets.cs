using Cairn.Protocol;

namespace Cairn.Search;

/// <summary>
/// The part of a message a hit shows: about <see cref="Length"/> characters around the first match, on word
/// boundaries, with the matched words marked as ranges (plain text: a client escapes it like any message).
/// Line breaks become spaces one for one, so the ranges stay true.
/// </summary>
public static class Snippets
{
    public const int Length = 200;
    private const int Before = 60;
    private const string Cut = "…";

    public static (string Snippet, IReadOnlyList<SearchHighlight> Highlights) Make(string text, IEnumerable<SearchTerm> terms)
    {
        var matches = Matches(text, [.. terms]);
        var first = matches.Count > 0 ? matches[0].Start : 0;
        var start = first <= Before ? 0 : WordStart(text, first - Before);
        var end = Math.Min(text.Length, start + Length);
        if (end < text.Length)
        {
            end = WordEnd(text, end);
        }

        var lead = start > 0 ? Cut : "";
        var body = Flatten(text[start..end]);
        var highlights = matches
            .Where(m => m.Start >= start && m.Start + m.Length <= end)
            .Select(m => new SearchHighlight(m.Start - start + lead.Length, m.Length))
            .ToList();
        return (lead + body + (end < text.Length ? Cut : ""), highlights);
    }

    /// <summary>Every place a positive term matches, in text order: whole words, a word's start for a prefix, words in a row for a phrase.</summary>
    public static List<(int Start, int Length)> Matches(string text, IReadOnlyList<SearchTerm> terms) => Matches(text, terms, out _);

    /// <summary>As <see cref="Matches(string, IReadOnlyList{SearchTerm})"/>, also counting the text's words.</summary>
    public static List<(int Start, int Length)> Matches(string text, IReadOnlyList<SearchTerm> terms, out int wordCount)
    {
        var spans = SearchSyntax.WordSpans(text).ToList();
        wordCount = spans.Count;
        var words = spans.Select(s => SearchSyntax.Fold(text.AsSpan(s.Start, s.Length))).ToList();
        var found = new List<(int, int)>();
        var positive = terms.Where(t => !t.Negated).ToList();
        for (var w = 0; w < words.Count; w++)
        {
            foreach (var term in positive)
            {
                if (MatchesAt(words, w, term) is { } count)
                {
                    var last = spans[w + count - 1];
                    found.Add((spans[w].Start, last.Start + last.Length - spans[w].Start));
                    break;
                }
            }
        }

        return found;
    }

    private static int? MatchesAt(List<string> words, int at, SearchTerm term)
    {
        if (at + term.Words.Count > words.Count)
        {
            return null;
        }

        for (var i = 0; i < term.Words.Count; i++)
        {
            var last = i == term.Words.Count - 1;
            var ok = last && term.Prefix ? words[at + i].StartsWith(term.Words[i], StringComparison.Ordinal) : words[at + i] == term.Words[i];
            if (!ok)
            {
                return null;
            }
        }

        return term.Words.Count;
    }

    private static int WordStart(string text, int at)
    {
        var limit = Math.Max(0, at - 20);
        while (at > limit && !char.IsWhiteSpace(text[at - 1]))
        {
            at--;
        }

        return at;
    }

    private static int WordEnd(string text, int at)
    {
        var limit = Math.Min(text.Length, at + 20);
        while (at < limit && !char.IsWhiteSpace(text[at]))
        {
            at++;
        }

        return at;
    }

    private static string Flatten(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = source[i] is '\r' or '\n' or '\t' ? ' ' : source[i];
        }
    });
}
