using System.Globalization;
using System.Text;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Commands;

/// <summary>
/// <c>/session archive [name]</c>, <c>/session unarchive [name]</c> and <c>/session restore [name]</c>. Without a name,
/// unarchive and restore list what they could bring back (the archived sessions, the trash), since neither shows
/// in <c>/session list</c>.
/// </summary>
public sealed partial class SessionCommands
{
    /// <summary>The most sessions an archive or trash listing shows.</summary>
    public const int ShelfListLimit = 20;

    public async Task<CommandReply> ArchiveAsync(CommandCall call, CancellationToken ct)
    {
        var name = CommandText.Unquote(call.Args);
        var (entry, problem) = name.Length == 0 ? (sessions.Find(call.SessionKey), Gone(call)) : Find(call, name);
        if (entry is null)
        {
            return call.Reply(problem!);
        }

        var archived = await sessions.ArchiveAsync(entry.Key, ct);
        return archived.Error is { } error
            ? call.Reply(error.Message)
            : await LeaveIfCurrentAsync(call, entry,
                $"Archived '{entry.Label}' ({entry.Key}): out of the list, kept whole. /session unarchive {entry.Key} brings it back.", ct);
    }

    public async Task<CommandReply> UnarchiveAsync(CommandCall call, CancellationToken ct)
    {
        var name = CommandText.Unquote(call.Args);
        if (name.Length == 0)
        {
            return call.Reply(Shelf(SessionShelf.Archived, "Archived sessions", "No session is archived.", "Unarchive one with /session unarchive <name>.", _ => ""));
        }

        var (entry, problem) = FindOn(call, name, SessionShelf.Archived);
        if (entry is null)
        {
            return call.Reply(problem!);
        }

        var unarchived = await sessions.UnarchiveAsync(entry.Key, ct);
        return call.Reply(unarchived.Error is { } error ? error.Message
            : $"Unarchived '{entry.Label}' ({entry.Key}): it is back in the list and takes messages again.");
    }

    public async Task<CommandReply> RestoreAsync(CommandCall call, CancellationToken ct)
    {
        var name = CommandText.Unquote(call.Args);
        if (name.Length == 0)
        {
            return call.Reply(Shelf(SessionShelf.Trashed, "In the trash", "The trash is empty.", "Restore one with /session restore <name>.",
                e => $", deleted {Time(e.TrashedAt ?? e.UpdatedAt)}{(sessions.PurgeAt(e) is { } at ? $", purged {Time(at)}" : "")}"));
        }

        var (entry, problem) = FindOn(call, name, SessionShelf.Trashed);
        if (entry is null)
        {
            return call.Reply(problem!);
        }

        var restored = await sessions.RestoreAsync(entry.Key, ct);
        return call.Reply(restored.Error is { } error ? error.Message
            : $"Restored '{entry.Label}' ({entry.Key}) from the trash with its {entry.MessageCount} messages. Switch to it with /session switch {entry.Key}.");
    }

    /// <summary>
    /// A session on <paramref name="shelf"/> by key, exact label or unique prefix; if none there, the name as
    /// <c>/session switch</c> finds it (the service then says why it cannot be unarchived or restored).
    /// </summary>
    private (SessionEntry? Entry, string? Problem) FindOn(CommandCall call, string name, SessionShelf shelf)
    {
        var candidates = sessions.Candidates(name, shelf);
        if (candidates.Count == 1)
        {
            return (candidates[0], null);
        }

        if (candidates.Count > 1)
        {
            var lines = candidates.Select(c => $"  {c.Label} ({c.Key}): /{call.Spec.Name} {c.Key}");
            return (null, $"'{name}' matches more than one session. Which one?\n{string.Join('\n', lines)}");
        }

        return Find(call, name);
    }

    private string Shelf(SessionShelf shelf, string title, string empty, string how, Func<SessionEntry, string> more)
    {
        var page = sessions.Page(new SessionQuery(ShelfListLimit, Shelf: shelf));
        if (page.Total == 0)
        {
            return empty;
        }

        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"{title} ({page.Total}{(page.Total > page.Sessions.Count ? $", the latest {page.Sessions.Count}" : "")}):"));
        foreach (var entry in page.Sessions)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {entry.Label} ({entry.Key}){more(entry)}");
        }

        return text.Append('\n').Append(how).ToString();
    }
}
