using System.Text;
using Cairn.Protocol;

namespace Cairn.Search;

/// <summary>One thing to look for: a word, a phrase (several words in a row) or a word's start; or one to exclude.</summary>
public sealed record SearchTerm(string Text, IReadOnlyList<string> Words, bool Phrase, bool Prefix, bool Negated);

/// <summary>A query as written: its terms and its filters (<c>in:</c>, <c>persistent:</c>, <c>archived:</c>, <c>tag:</c>, <c>pinned:</c>).</summary>
public sealed record ParsedSearch(IReadOnlyList<SearchTerm> Terms, string? In, bool? Persistent, bool? Archived)
{
    /// <summary>The <c>tag:</c> filters, normalised: a hit's session must carry every one.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The <c>pinned:</c> filter.</summary>
    public bool? Pinned { get; init; }

    public IEnumerable<SearchTerm> Positive => Terms.Where(t => !t.Negated);
}

/// <summary>
/// Reads the query language of <c>search.query</c>: <c>word</c>, <c>"a phrase"</c>, <c>prefix*</c>, <c>-word</c>,
/// <c>-"a phrase"</c>, and the filters <c>in:&lt;session&gt;</c> (a key or a label, quoted if it has spaces) and
/// <c>persistent:yes|no</c>, <c>archived:yes|no</c>, <c>pinned:yes|no</c> (or true|false), <c>tag:&lt;tag&gt;</c> (repeatable: every
/// one must be on the session). Anything else with a colon is a word. Every term reaches the index as a quoted string
/// (<see cref="Cairn.Store.SearchStore.Quote"/>), so no input is read as FTS5 syntax; the only syntax errors are
/// an unclosed quote, a filter without a value, and a query with nothing to look for.
/// </summary>
public static class SearchSyntax
{
    public const int MaxLength = 500;
    public const int MaxTerms = 32;

    public static Outcome<ParsedSearch> Parse(string query)
    {
        if (query.Length > MaxLength)
        {
            return MethodError.Invalid("query", $"'query' is longer than {MaxLength} characters.");
        }

        var terms = new List<SearchTerm>();
        string? inSession = null;
        bool? persistent = null;
        bool? archived = null;
        bool? pinned = null;
        var tags = new List<string>();
        var i = 0;
        while (i < query.Length)
        {
            if (char.IsWhiteSpace(query[i]))
            {
                i++;
                continue;
            }

            var negated = query[i] == '-' && i + 1 < query.Length && !char.IsWhiteSpace(query[i + 1]);
            if (negated)
            {
                i++;
            }

            var read = ReadToken(query, ref i);
            if (read.Error is { } error)
            {
                return error;
            }

            var (text, quoted) = read.Value;
            if (!quoted && !negated && Filter(text) is ({ } name, var value))
            {
                var filterValue = value.Length == 0 && i < query.Length && query[i] == '"' ? ReadToken(query, ref i) : (value, false);
                if (filterValue.Error is { } valueError)
                {
                    return valueError;
                }

                var given = filterValue.Value.Text.Trim();
                if (given.Length == 0)
                {
                    return MethodError.Invalid("query", $"The filter '{name}:' needs a value, e.g. '{name}:{Example(name)}'.");
                }

                if (name == "in")
                {
                    inSession = given;
                }
                else if (name == "tag")
                {
                    if (Sessions.TagRules.Normalize(given) is not { } tag)
                    {
                        return Sessions.TagRules.Invalid(given, "query");
                    }

                    tags.Add(tag);
                }
                else if (YesNo(given) is not { } flag)
                {
                    return MethodError.Invalid("query", $"'{name}:' takes yes or no, not '{given}'.");
                }
                else if (name == "persistent")
                {
                    persistent = flag;
                }
                else if (name == "pinned")
                {
                    pinned = flag;
                }
                else
                {
                    archived = flag;
                }

                continue;
            }

            var prefix = !quoted && text.EndsWith('*');
            var bare = prefix ? text.TrimEnd('*') : text;
            var words = Words(bare);
            if (words.Count > 0)
            {
                terms.Add(new SearchTerm(bare, words, quoted && words.Count > 1, prefix, negated));
            }
        }

        if (terms.Count > MaxTerms)
        {
            return MethodError.Invalid("query", $"The query has {terms.Count} terms; at most {MaxTerms}.");
        }

        if (!terms.Any(t => !t.Negated))
        {
            return MethodError.Invalid("query", "The query has nothing to look for: add a word (filters and -exclusions only narrow a search).");
        }

        return new ParsedSearch(terms, inSession, persistent, archived) { Tags = [.. tags.Distinct()], Pinned = pinned };
    }

    /// <summary>The words of a text as the index splits them: runs of letters and digits, lower case, without accents.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        foreach (var (start, length) in WordSpans(text))
        {
            words.Add(Fold(text.AsSpan(start, length)));
        }

        return words;
    }

    /// <summary>Where the words of <paramref name="text"/> are: start and length of each run of letters, digits and marks.</summary>
    public static IEnumerable<(int Start, int Length)> WordSpans(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && IsWordChar(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }
    }

    /// <summary>Lower case, accents removed: how the index compares words (<c>remove_diacritics 2</c>).</summary>
    public static string Fold(ReadOnlySpan<char> word)
    {
        // Most words are ASCII, which has nothing to decompose: lower-casing is the whole fold (ranking folds every word
        // of a few hundred messages per search).
        if (System.Text.Ascii.IsValid(word))
        {
            return string.Create(word.Length, word, static (folded, source) => System.Text.Ascii.ToLower(source, folded, out _));
        }

        var decomposed = word.ToString().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.ToString();
    }

    internal static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || char.IsSurrogate(c) ||
        System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    private static Outcome<(string Text, bool Quoted)> ReadToken(string query, ref int i)
    {
        if (query[i] == '"')
        {
            var close = query.IndexOf('"', i + 1);
            if (close < 0)
            {
                return MethodError.Invalid("query", $"The quote at character {i + 1} is never closed.");
            }

            var phrase = query[(i + 1)..close];
            i = close + 1;
            return (phrase, true);
        }

        var start = i;
        while (i < query.Length && !char.IsWhiteSpace(query[i]) && !(query[i] == '"' && i > start && query[i - 1] == ':'))
        {
            i++;
        }

        return (query[start..i], false);
    }

    private static (string? Name, string Value) Filter(string token)
    {
        var colon = token.IndexOf(':');
        if (colon <= 0)
        {
            return (null, "");
        }

        var name = token[..colon].ToLowerInvariant();
        return name is "in" or "persistent" or "archived" or "pinned" or "tag" ? (name, token[(colon + 1)..]) : (null, "");
    }

    private static bool? YesNo(string value) => value.ToLowerInvariant() switch
    {
        "yes" or "true" or "1" => true,
        "no" or "false" or "0" => false,
        _ => null,
    };

    private static string Example(string name) => name switch
    {
        "in" => "work",
        "tag" => "project-x",
        _ => "yes",
    };
}
