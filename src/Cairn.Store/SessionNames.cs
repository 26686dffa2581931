using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cairn.Store;

/// <summary>Rules for session keys and labels shared by the store, the gateway and the importers.</summary>
public static partial class SessionNames
{
    public const string MainKey = "main";
    public const string MainLabel = "Main";
    public const int MaxKeyLength = 64;
    public const int MaxLabelLength = 64;
    public const int MaxDescriptionLength = 500;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex KeyPattern();

    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    /// <summary>The form labels are compared in: trimmed, NFC, lower case (so "Work" and "work" collide).</summary>
    public static string Normalize(string label) => label.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();

    /// <summary>Trimmed, NFC label as it will be stored and shown.</summary>
    public static string CleanLabel(string label) => label.Trim().Normalize(NormalizationForm.FormC);

    /// <summary>"Work Session" → "work-session"; accents folded, other characters become dashes.</summary>
    public static string Slug(string label)
    {
        var decomposed = label.Trim().Normalize(NormalizationForm.FormKD).ToLowerInvariant();
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var keep = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (keep)
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > MaxKeyLength - 4)
        {
            slug = slug[..(MaxKeyLength - 4)].TrimEnd('-');
        }

        return slug.Length == 0 ? "session" : slug;
    }
}
