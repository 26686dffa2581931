using System.Text;

namespace Cairn.Search;

/// <summary>
/// How often the positive terms occur in a text and how many words it has, counted as
/// <see cref="Snippets.Matches(string, IReadOnlyList{SearchTerm}, out int)"/> counts them but without folding every
/// word into a string of its own: ranking counts every word of a few hundred messages per search, and those strings
/// were a third of a search's time (issue 17). An ASCII word is compared with the terms in place; a word with other
/// letters is folded first, and a query with a phrase takes the general path.
/// </summary>
public static class TermCounter
{
    public static (int Hits, int Words) Count(string text, IReadOnlyList<SearchTerm> positive)
    {
        foreach (var term in positive)
        {
            if (term.Words.Count != 1 || term.Negated)
            {
                var matches = Snippets.Matches(text, positive, out var wordCount);
                return (matches.Count, wordCount);
            }
        }

        int hits = 0, words = 0, start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && SearchSyntax.IsWordChar(text[i]))
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0)
            {
                words++;
                if (AnyMatches(text.AsSpan(start, i - start), positive))
                {
                    hits++;
                }

                start = -1;
            }
        }

        return (hits, words);
    }

    private static bool AnyMatches(ReadOnlySpan<char> word, IReadOnlyList<SearchTerm> terms)
    {
        if (!Ascii.IsValid(word))
        {
            return AnyMatchesFolded(SearchSyntax.Fold(word), terms);
        }

        foreach (var term in terms)
        {
            // The terms' words are folded already; an ASCII word's fold is its lower case.
            var wanted = term.Words[0];
            var matches = term.Prefix
                ? word.Length >= wanted.Length && Ascii.EqualsIgnoreCase(word[..wanted.Length], wanted)
                : word.Length == wanted.Length && Ascii.EqualsIgnoreCase(word, wanted);
            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyMatchesFolded(string folded, IReadOnlyList<SearchTerm> terms)
    {
        foreach (var term in terms)
        {
            var wanted = term.Words[0];
            if (term.Prefix ? folded.StartsWith(wanted, StringComparison.Ordinal) : folded == wanted)
            {
                return true;
            }
        }

        return false;
    }
}
