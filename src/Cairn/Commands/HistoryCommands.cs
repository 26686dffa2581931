using System.Globalization;
using System.Text;
using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Commands;

/// <summary>
/// <c>/session history [number]</c>: the earlier conversations (generations) of this session that resets closed,
/// numbered newest first, and one of them read back — the chat surfaces' view of <c>sessions.generations</c>.
/// </summary>
public sealed class HistoryCommands(SessionService sessions)
{
    /// <summary>The most rows of one earlier conversation printed (its latest ones).</summary>
    public const int ReadLimit = 100;

    public CommandReply History(CommandCall call)
    {
        var number = 0;
        if (call.Args.Length > 0 && (!int.TryParse(call.Args, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1))
        {
            return call.Usage();
        }

        if (sessions.Find(call.SessionKey) is not { } entry || sessions.Generations(call.SessionKey).Value is not { } result)
        {
            return call.Reply($"This session ({call.SessionKey}) no longer exists.");
        }

        var earlier = result.Generations.Where(g => !g.Current).ToList();
        if (earlier.Count == 0)
        {
            return call.Reply($"'{entry.Label}' has no earlier conversations. A reset (/reset, /new) starts a new one and keeps the old one here.");
        }

        if (number > earlier.Count)
        {
            return call.Reply($"There is no conversation {number}: '{entry.Label}' has {earlier.Count} earlier conversation{(earlier.Count == 1 ? "" : "s")}.");
        }

        return call.Reply(number == 0 ? ListOf(entry, earlier) : Read(entry, number, earlier[number - 1]));
    }

    private static string ListOf(SessionEntry entry, List<SessionGeneration> earlier)
    {
        var text = new StringBuilder($"Earlier conversations of '{entry.Label}', newest first:");
        for (var i = 0; i < earlier.Count; i++)
        {
            var g = earlier[i];
            text.Append(CultureInfo.InvariantCulture, $"\n{i + 1,3}. {Span(g)}  {g.MessageCount} message{(g.MessageCount == 1 ? "" : "s")}");
        }

        return text.Append("\nRead one with /session history <number>.").ToString();
    }

    private string Read(SessionEntry entry, int number, SessionGeneration generation)
    {
        var rows = sessions.GenerationHistory(entry.Key, generation.SessionId, ReadLimit);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Conversation {number} of '{entry.Label}' ({Span(generation)}, read-only):");
        if (generation.MessageCount > rows.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n(the last {rows.Count} of {generation.MessageCount} messages)");
        }

        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{Who(row.Role)}: {row.Text}");
        }

        return text.ToString();
    }

    private static string Who(string role) => role switch
    {
        MessageRoles.User => "You",
        MessageRoles.Assistant => "Assistant",
        MessageRoles.Command => "Command",
        MessageRoles.Summary => "Summary",
        MessageRoles.Error => "Failed",
        _ => "Note",
    };

    private static string Span(SessionGeneration g) =>
        g.EndedAt is { } end ? $"{Time(g.StartedAt)} – {Time(end)}" : Time(g.StartedAt);

    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
