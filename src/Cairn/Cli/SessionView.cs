using System.Globalization;
using System.Text.Json;

namespace Cairn.Cli;

/// <summary>How a session entry (as JSON from the gateway) is shown: a table row, or a block of fields.</summary>
internal static class SessionView
{
    public static readonly string[] Headers = ["KEY", "LABEL", "PERSISTENT", "KIND", "MESSAGES", "UPDATED"];

    public static string[] Row(JsonElement entry) =>
    [
        Text(entry, "key"),
        Text(entry, "label"),
        entry.GetProperty("persistent").GetBoolean() ? "yes" : "no",
        Text(entry, "kind"),
        entry.GetProperty("messageCount").GetInt32().ToString(CultureInfo.InvariantCulture),
        Time(entry.GetProperty("updatedAt").GetInt64()),
    ];

    public static void Details(CliOutput output, JsonElement entry)
    {
        var fields = new List<(string Name, string Value)>
        {
            ("Key", Text(entry, "key")),
            ("Label", Text(entry, "label")),
            ("Description", entry.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "-"),
            ("Persistent", entry.GetProperty("persistent").GetBoolean() ? "yes (never reset)" : "no"),
            ("Kind", Text(entry, "kind") + (entry.GetProperty("userCreated").GetBoolean() ? ", user created" : "")),
            ("Messages", $"{entry.GetProperty("messageCount").GetInt32()} ({entry.GetProperty("inputTokens").GetInt64()} tokens in, {entry.GetProperty("outputTokens").GetInt64()} out)"),
            ("Created", Time(entry.GetProperty("createdAt").GetInt64())),
            ("Updated", Time(entry.GetProperty("updatedAt").GetInt64())),
            ("Last message", entry.TryGetProperty("lastMessageAt", out var last) && last.ValueKind == JsonValueKind.Number ? Time(last.GetInt64()) : "-"),
            ("Session id", Text(entry, "sessionId")),
            ("Rev", entry.GetProperty("rev").GetInt32().ToString(CultureInfo.InvariantCulture)),
        };
        var width = fields.Max(f => f.Name.Length) + 2;
        foreach (var (name, value) in fields)
        {
            output.Line(output.Bold((name + ":").PadRight(width)) + value);
        }
    }

    public static string Text(JsonElement entry, string name) => entry.GetProperty(name).GetString() ?? "";

    /// <summary>The label and key, as replies name a session: <c>'Work' (work)</c>.</summary>
    public static string Name(JsonElement entry) => $"'{Text(entry, "label")}' ({Text(entry, "key")})";

    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
