namespace Cairn.Store;

/// <summary>
/// Decides without the index whether a message matches search terms as <c>message_search</c> would (tokenizer
/// <c>unicode61 remove_diacritics 2</c>), where that answer is certain: on text of ASCII and a few separators whose
/// Unicode category leaves no doubt (spaces, dashes, quotes, bullets, the ellipsis). There the index's tokens are the
/// runs of ASCII letters and digits, lower-cased, and nothing else. Any other character, or a token longer than
/// <see cref="LongestToken"/>, makes the answer unknown (null): the caller asks the index about that message.
/// </summary>
internal sealed class FtsAsciiMatcher
{
    private const int LongestToken = 256;

    private readonly List<(string[] Words, bool Prefix)> _positive;
    private readonly List<(string[] Words, bool Prefix)> _negated;

    private FtsAsciiMatcher(List<(string[], bool)> positive, List<(string[], bool)> negated) => (_positive, _negated) = (positive, negated);

    /// <summary>A matcher for <paramref name="terms"/>, or null when a term is not plain ASCII or has no word (the index then decides).</summary>
    public static FtsAsciiMatcher? For(IReadOnlyList<MatchTerm> terms)
    {
        var (positive, negated) = (new List<(string[], bool)>(), new List<(string[], bool)>());
        foreach (var term in terms)
        {
            if (Tokens(term.Text) is not { Count: > 0 } words)
            {
                return null;
            }

            (term.Negated ? negated : positive).Add(([.. words], term.Prefix));
        }

        return positive.Count == 0 ? null : new FtsAsciiMatcher(positive, negated);
    }

    /// <summary>Whether <paramref name="text"/> has every positive term and no negated one; null when that is not certain.</summary>
    public bool? Matches(string text)
    {
        if (Tokens(text) is not { } tokens)
        {
            return null;
        }

        return _positive.TrueForAll(t => Has(tokens, t.Words, t.Prefix)) && !_negated.Exists(t => Has(tokens, t.Words, t.Prefix));
    }

    /// <summary>The words in a row, the last one a prefix when <paramref name="prefix"/> (FTS5's <c>"a b"*</c>).</summary>
    private static bool Has(List<string> tokens, string[] words, bool prefix)
    {
        for (var at = 0; at + words.Length <= tokens.Count; at++)
        {
            var i = 0;
            while (i < words.Length && (i == words.Length - 1 && prefix
                ? tokens[at + i].StartsWith(words[i], StringComparison.Ordinal)
                : string.Equals(tokens[at + i], words[i], StringComparison.Ordinal)))
            {
                i++;
            }

            if (i == words.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index's tokens of <paramref name="text"/>, or null when a character's treatment is not certain here.</summary>
    private static List<string>? Tokens(string text)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsAsciiLetterOrDigit(c))
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (c >= 0x80 && !IsCertainSeparator(c))
            {
                return null;
            }

            if (start >= 0)
            {
                if (i - start > LongestToken)
                {
                    return null;
                }

                tokens.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return tokens;
    }

    /// <summary>
    /// Non-ASCII characters that separate tokens in every Unicode version: no-break and other spaces (Zs, Zl, Zp),
    /// general punctuation from the hyphen to the single guillemets (Pd, Po, Pi, Pf), and « ».
    /// </summary>
    private static bool IsCertainSeparator(char c) =>
        c is '\u00a0' or '\u00ab' or '\u00bb' or '\u202f' or (>= '\u2000' and <= '\u200a') or (>= '\u2010' and <= '\u2029') or (>= '\u2030' and <= '\u203a');
}
