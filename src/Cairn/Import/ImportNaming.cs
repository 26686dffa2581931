using Cairn.Store;

namespace Cairn.Import;

/// <summary>How keys and labels of an older store become Cairn keys and labels.</summary>
public static class ImportNaming
{
    /// <summary>
    /// <c>main</c>, and OpenClaw's <c>agent:&lt;agent&gt;:main</c> (the agent's direct chat), are the main session.
    /// </summary>
    public static bool IsMainKey(string key) =>
        key == SessionNames.MainKey || (StripAgent(key) == SessionNames.MainKey && key.StartsWith("agent:", StringComparison.Ordinal));

    /// <summary>
    /// The old key when it is already a valid Cairn key, else the slug of it without the agent prefix
    /// (<c>agent:main:telegram:dm:42</c> → <c>telegram-dm-42</c>); the store adds -2, -3 on collision.
    /// </summary>
    public static string PreferredKey(string key) =>
        IsMainKey(key) ? SessionNames.MainKey : SessionNames.IsValidKey(key) ? key : SessionNames.Slug(StripAgent(key));

    /// <summary>A label for an entry that has none: the key without the agent prefix ("Main" for main).</summary>
    public static string DeriveLabel(string key)
    {
        if (IsMainKey(key))
        {
            return SessionNames.MainLabel;
        }

        var label = Clean(StripAgent(key)).Label;
        return label.Length == 0 ? SessionNames.Slug(key) : label;
    }

    /// <summary>A label as Cairn stores it: trimmed, NFC, control characters replaced, at most 64 characters.</summary>
    public static (string Label, bool Shortened) Clean(string raw)
    {
        var label = SessionNames.CleanLabel(new string(raw.Select(c => char.IsControl(c) ? ' ' : c).ToArray())).Trim();
        if (label.Length <= SessionNames.MaxLabelLength)
        {
            return (label, false);
        }

        var cut = SessionNames.MaxLabelLength;
        if (char.IsHighSurrogate(label[cut - 1]))
        {
            cut--;
        }

        return (label[..cut].TrimEnd(), true);
    }

    /// <summary>OpenClaw keys are <c>agent:&lt;agent&gt;:&lt;rest&gt;</c>; the agent part says nothing about the session.</summary>
    public static string StripAgent(string key)
    {
        if (!key.StartsWith("agent:", StringComparison.Ordinal))
        {
            return key;
        }

        var second = key.IndexOf(':', "agent:".Length);
        return second < 0 || second == key.Length - 1 ? key : key[(second + 1)..];
    }
}
