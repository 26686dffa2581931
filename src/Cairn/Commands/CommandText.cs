using System.Text.RegularExpressions;

namespace Cairn.Commands;

/// <summary>
/// How a chat message is read as a command. A command is a message whose first word is <c>/</c> followed by
/// a letter and then letters, digits, <c>-</c> or <c>_</c>, ending at whitespace or the end of the message:
/// <c>/help</c>, <c>/session list 2</c>, <c>/xyz</c> (unknown, answered with a hint) — but not
/// <c>/usr/bin is a path</c>, <c>//</c> or <c>/ 2</c>, which go to the model unchanged.
/// </summary>
public static partial class CommandText
{
    [GeneratedRegex(@"^\s*/(?<word>[A-Za-z][A-Za-z0-9_-]{0,31})(?=\s|$)(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex CommandPattern();

    /// <summary>The command word (lower case, without the slash) and the rest of the text, or null.</summary>
    public static (string Word, string Args)? Parse(string text)
    {
        var match = CommandPattern().Match(text);
        return match.Success ? (match.Groups["word"].Value.ToLowerInvariant(), match.Groups["rest"].Value.Trim()) : null;
    }

    /// <summary>"switch work now" → ("switch", "work now").</summary>
    public static (string First, string Remainder) SplitFirst(string text)
    {
        var trimmed = text.Trim();
        var at = trimmed.IndexOfAny([' ', '\t', '\n', '\r']);
        return at < 0 ? (trimmed, "") : (trimmed[..at], trimmed[at..].Trim());
    }

    /// <summary>Drops one pair of surrounding quotes, so <c>/session new "My work"</c> names "My work".</summary>
    public static string Unquote(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length >= 2 && (trimmed[0], trimmed[^1]) is ('"', '"') or ('\'', '\'') or ('“', '”') or ('‘', '’'))
        {
            return trimmed[1..^1].Trim();
        }

        return trimmed;
    }
}
