using System.Globalization;
using System.Text;
using Cairn.Protocol;

namespace Cairn.Export;

/// <summary>
/// A session as Markdown to read: YAML front matter (label, key, persistence, dates, conversations, messages), then
/// each conversation under its own heading, each message under "**User**" / "**Assistant**" with its time. Summaries
/// are block quotes naming the messages they stand for; failed turns, cut replies, commands and notices are marked.
/// Message text is written as it was typed (it is Markdown already).
/// </summary>
public static class MarkdownExport
{
    public static string Render(SessionExport export)
    {
        var s = export.Session;
        var md = new StringBuilder();
        md.Append("---\n")
            .Append("label: ").Append(Yaml(s.Label)).Append('\n')
            .Append("key: ").Append(s.Key).Append('\n')
            .Append("persistent: ").Append(s.Persistent ? "true" : "false").Append('\n')
            .Append(s.Description is { } d ? $"description: {Yaml(d)}\n" : "")
            .Append(s.ArchivedAt is { } archived ? $"archived: {Time(archived)}\n" : "")
            .Append("created: ").Append(Time(s.CreatedAt)).Append('\n')
            .Append("updated: ").Append(Time(s.UpdatedAt)).Append('\n')
            .Append("exported: ").Append(Time(export.ExportedAt)).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"conversations: {export.Generations.Count}\n")
            .Append(CultureInfo.InvariantCulture, $"messages: {export.Generations.Sum(g => g.Messages.Count(IsConversation))}\n")
            .Append("---\n\n# ").Append(s.Label).Append('\n');
        if (s.SystemPrompt is { Length: > 0 } prompt)
        {
            md.Append("\n**System prompt:**\n\n").Append(Quote(prompt)).Append('\n');
        }

        for (var i = 0; i < export.Generations.Count; i++)
        {
            var generation = export.Generations[i];
            var started = generation.Messages.Count > 0 ? $", started {Time(generation.Messages[0].CreatedAt)}" : "";
            md.Append(CultureInfo.InvariantCulture, $"\n## Conversation {i + 1}{(generation.Current ? " (current)" : "")}{started}\n");
            if (generation.Messages.Count == 0)
            {
                md.Append("\n_No messages yet._\n");
            }

            foreach (var message in generation.Messages)
            {
                md.Append('\n').Append(Message(message)).Append('\n');
            }
        }

        return md.ToString();
    }

    private static bool IsConversation(TranscriptMessage m) => m.Role is MessageRoles.User or MessageRoles.Assistant;

    private static string Message(TranscriptMessage m) => m.Role switch
    {
        MessageRoles.User => $"**User** · {Time(m.CreatedAt)}\n\n{m.Text}",
        MessageRoles.Assistant => $"**Assistant** · {Time(m.CreatedAt)}{(m.Incomplete == true ? " · _incomplete: the reply was cut off_" : "")}\n\n{m.Text}",
        MessageRoles.Summary => $"> **Summary of messages {m.CoversFrom}–{m.CoversTo}** (written for the model; the messages are above)\n>\n{Quote(m.Text)}",
        MessageRoles.Error => $"> **Failed turn**{(m.Reason is { } r ? $" ({r})" : "")} · {Time(m.CreatedAt)}: {m.Text}",
        MessageRoles.Command => $"`{m.Text}` · {Time(m.CreatedAt)}",
        _ => $"_{m.Text.Replace("\n", "_\n_", StringComparison.Ordinal)}_",
    };

    private static string Quote(string text) => string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? ">" : "> " + line));

    private static string Yaml(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
