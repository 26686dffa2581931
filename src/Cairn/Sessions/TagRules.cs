using System.Globalization;
using System.Text;
using Cairn.Protocol;

namespace Cairn.Sessions;

/// <summary>
/// How tags are written: trimmed, lower case, each run of inner whitespace made one '-'; then 1 to
/// <see cref="MaxLength"/> letters, digits, '-', '_' or '.', starting with a letter or digit. A session has at most
/// <see cref="MaxPerSession"/>. Every surface (sessions.patch, sessions.list, search, /session tag, the CLI) goes
/// through <see cref="Normalize(IEnumerable{string}, string)"/>, so "Project X" and "project-x" are one tag.
/// </summary>
public static class TagRules
{
    public const int MaxLength = 32;
    public const int MaxPerSession = 20;

    /// <summary>One tag as stored, or null when it is not a valid tag (empty, too long, or a character outside the set).</summary>
    public static string? Normalize(string tag)
    {
        var text = new StringBuilder(tag.Length);
        var pendingDash = false;
        foreach (var c in tag.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingDash = true;
                continue;
            }

            if (pendingDash)
            {
                text.Append('-');
                pendingDash = false;
            }

            text.Append(char.ToLowerInvariant(c));
        }

        var clean = text.ToString();
        return clean.Length is > 0 and <= MaxLength && char.IsLetterOrDigit(clean[0]) && clean.All(IsTagChar) ? clean : null;
    }

    /// <summary>Tags as stored: each normalised, duplicates dropped, sorted; INVALID_REQUEST naming the first bad one or too many.</summary>
    public static Outcome<IReadOnlyList<string>> Normalize(IEnumerable<string> tags, string field = "tags")
    {
        var clean = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            if (Normalize(tag ?? "") is not { } normal)
            {
                return Invalid(tag ?? "", field);
            }

            clean.Add(normal);
        }

        return clean.Count > MaxPerSession
            ? MethodError.Invalid(field, $"A session can have at most {MaxPerSession} tags ({clean.Count} given).")
            : clean.ToArray();
    }

    public static MethodError Invalid(string tag, string field = "tags") =>
        MethodError.Invalid(field, $"'{Shorten(tag)}' is not a valid tag: use 1 to {MaxLength} letters, digits, '-', '_' or '.', " +
            "starting with a letter or digit (spaces become '-').");

    private static bool IsTagChar(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ||
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
