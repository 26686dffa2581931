using System.Globalization;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>How a session entry is shown: a table row, or a block of fields.</summary>
internal static class SessionView
{
    public static readonly string[] Headers = ["KEY", "LABEL", "PERSISTENT", "KIND", "MESSAGES", "UPDATED", "TAGS"];

    public static string[] Row(SessionEntry entry) =>
    [
        entry.Key,
        entry.Pinned ? entry.Label + " (pinned)" : entry.Label,
        entry.Persistent ? "yes" : "no",
        entry.Kind.WireName(),
        entry.MessageCount.ToString(CultureInfo.InvariantCulture),
        Time(entry.UpdatedAt),
        string.Join(",", entry.Tags),
    ];

    public static void Details(CliOutput output, SessionEntry entry)
    {
        var fields = new List<(string Name, string Value)>
        {
            ("Key", entry.Key),
            ("Label", entry.Label),
            ("Description", entry.Description ?? "-"),
            ("Persistent", entry.Persistent ? "yes (never reset)" : "no"),
            ("Pinned", entry.Pinned ? "yes" : "no"),
            ("Tags", entry.Tags.Count == 0 ? "-" : string.Join(", ", entry.Tags)),
            ("Kind", entry.Kind.WireName() + (entry.UserCreated ? ", user created" : "")),
            ("Messages", $"{entry.MessageCount} ({entry.InputTokens} tokens in, {entry.OutputTokens} out)"),
            ("Created", Time(entry.CreatedAt)),
            ("Updated", Time(entry.UpdatedAt)),
            ("Last message", entry.LastMessageAt is { } last ? Time(last) : "-"),
            ("Session id", entry.SessionId),
            ("Rev", entry.Rev.ToString(CultureInfo.InvariantCulture)),
        };
        var width = fields.Max(f => f.Name.Length) + 2;
        foreach (var (name, value) in fields)
        {
            output.Line(output.Bold((name + ":").PadRight(width)) + value);
        }
    }

    /// <summary>The label and key, as replies name a session: <c>'Work' (work)</c>.</summary>
    public static string Name(SessionEntry entry) => $"'{entry.Label}' ({entry.Key})";

    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
