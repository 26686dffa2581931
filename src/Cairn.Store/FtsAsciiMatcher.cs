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
    private readonly List<(int Start, int Length)> _tokens = [];

    private FtsAsciiMatcher(List<(string[], bool)> positive, List<(string[], bool)> negated) => (_positive, _negated) = (positive, negated);

    /// <summary>A matcher for <paramref name="terms"/>, or null when a term is not plain ASCII or has no word (the index then decides).</summary>
    public static FtsAsciiMatcher? For(IReadOnlyList<MatchTerm> terms)
    {
        var (positive, negated) = (new List<(string[], bool)>(), new List<(string[], bool)>());
        var spans = new List<(int Start, int Length)>();
        foreach (var term in terms)
        {
            if (!Tokens(term.Text, spans) || spans.Count == 0)
            {
                return null;
            }

            (term.Negated ? negated : positive).Add(([.. spans.Select(t => term.Text.Substring(t.Start, t.Length).ToLowerInvariant())], term.Prefix));
        }

        return positive.Count == 0 ? null : new FtsAsciiMatcher(positive, negated);
    }

    /// <summary>Whether <paramref name="text"/> has every positive term and no negated one; null when that is not certain.</summary>
    /// <remarks>Not thread-safe: one matcher serves one search, and reuses its token buffer.</remarks>
    public bool? Matches(string text)
    {
        if (!Tokens(text, _tokens))
        {
            return null;
        }

        foreach (var (words, prefix) in _positive)
        {
            if (!Has(text, words, prefix))
            {
                return false;
            }
        }

        foreach (var (words, prefix) in _negated)
        {
            if (Has(text, words, prefix))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The words in a row among the text's tokens, the last one a prefix when <paramref name="prefix"/> (FTS5's <c>"a b"*</c>).</summary>
    private bool Has(string text, string[] words, bool prefix)
    {
        for (var at = 0; at + words.Length <= _tokens.Count; at++)
        {
            var i = 0;
            while (i < words.Length && Same(text, _tokens[at + i], words[i], i == words.Length - 1 && prefix))
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

    /// <summary>The token is the word (or starts with it), ASCII letters compared without case as the index folds them.</summary>
    private static bool Same(string text, (int Start, int Length) token, string word, bool prefix) =>
        (prefix ? token.Length >= word.Length : token.Length == word.Length) &&
        text.AsSpan(token.Start, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The index's tokens of <paramref name="text"/> into <paramref name="tokens"/> (start and length); false when a
    /// character's treatment is not certain here.
    /// </summary>
    private static bool Tokens(string text, List<(int Start, int Length)> tokens)
    {
        tokens.Clear();
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
                return false;
            }

            if (start >= 0)
            {
                if (i - start > LongestToken)
                {
                    return false;
                }

                tokens.Add((start, i - start));
                start = -1;
            }
        }

        return true;
    }

    /// <summary>
    /// Non-ASCII characters that separate tokens in every Unicode version: no-break and other spaces (Zs, Zl, Zp),
    /// general punctuation from the hyphen to the single guillemets (Pd, Po, Pi, Pf), and « ».
    /// </summary>
    private static bool IsCertainSeparator(char c) =>
        c is '\u00a0' or '\u00ab' or '\u00bb' or '\u202f' or (>= '\u2000' and <= '\u200a') or (>= '\u2010' and <= '\u2029') or (>= '\u2030' and <= '\u203a');
}
