using System.Globalization;
using System.Text;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Commands;

/// <summary>The <c>/session …</c> handlers that show or mark the session: list, info, persist.</summary>
public sealed partial class SessionCommands
{
    public CommandReply List(CommandCall call)
    {
        var page = 1;
        if (call.Args.Length > 0 && (!int.TryParse(call.Args, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return call.Usage();
        }

        var size = config.Session.ListPageSize;
        var total = sessions.Count();
        var pages = Math.Max(1, (total + size - 1) / size);
        if (page > pages)
        {
            return call.Reply($"There is no page {page}: {total} sessions make {pages} page{(pages == 1 ? "" : "s")}.");
        }

        // Pages are numbered for people, so read up to the page asked for and keep its rows; pages stay small.
        var rows = sessions.Page(new SessionQuery(page * size)).Sessions.Skip((page - 1) * size).ToList();
        var first = ((page - 1) * size) + 1;
        numbers.Remember(ListNumbers.ScopeOf(call.Invocation), first, [.. rows.Select(r => r.Key)], fresh: page == 1);

        var text = new StringBuilder(pages == 1 ? $"Sessions ({total}):" : $"Sessions, page {page} of {pages} ({total} in all):");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            text.Append(CultureInfo.InvariantCulture, $"\n{first + i,3}. {row.Label} ({row.Key})");
            text.Append(row.Pinned ? " [pinned]" : "").Append(row.Persistent ? " [persistent]" : "")
                .Append(row.Tags.Count > 0 ? " #" + string.Join(" #", row.Tags) : "").Append(row.Key == call.SessionKey ? "  <- current" : "");
        }

        text.Append(page < pages ? $"\nMore: /session list {page + 1}" : "").Append("\nSwitch with /session switch <number|name>.");
        var (archived, trashed) = (sessions.Count(SessionShelf.Archived), sessions.Count(SessionShelf.Trashed));
        if (archived + trashed > 0)
        {
            var shelves = new[] { archived > 0 ? $"{archived} archived (/session unarchive lists them)" : null, trashed > 0 ? $"{trashed} in the trash (/session restore lists them)" : null };
            text.Append("\nNot listed: ").Append(string.Join("; ", shelves.Where(s => s is not null))).Append('.');
        }

        return call.Reply(text.ToString());
    }

    public CommandReply Info(CommandCall call)
    {
        if (call.Args.Length > 0)
        {
            return call.Usage();
        }

        if (sessions.Find(call.SessionKey) is not { } entry)
        {
            return call.Reply(Gone(call));
        }

        var protection = entry.Persistent
            ? "yes: /new, /reset and the reset policy leave it alone"
            : $"no: /new, /reset and the reset policy ({ResetPolicy()}) may start it over";
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{entry.Label} (key {entry.Key})")
            .Append(entry.Description is { } description ? $"\nDescription: {description}" : "")
            .Append(CultureInfo.InvariantCulture, $"\nPersistent: {protection}")
            .Append(entry.Pinned ? "\nPinned: yes (/session unpin)" : "")
            .Append(entry.Tags.Count > 0 ? $"\nTags: {string.Join(", ", entry.Tags)}" : "")
            .Append(entry.ArchivedAt is { } archivedAt ? $"\nArchived: since {Time(archivedAt)}; it takes no new messages until /session unarchive {entry.Key}" : "")
            .Append(CultureInfo.InvariantCulture, $"\nKind: {entry.Kind.ToString().ToLowerInvariant()}{(entry.UserCreated ? ", created by you" : "")}")
            .Append(CultureInfo.InvariantCulture, $"\nMessages: {entry.MessageCount} ({entry.InputTokens} tokens in, {entry.OutputTokens} out)")
            .Append(CultureInfo.InvariantCulture, $"\nContext: {ContextUse(entry, config.Model.CompactAtPercent)}")
            .Append(CultureInfo.InvariantCulture, $"\nCreated: {Time(entry.CreatedAt)}")
            .Append(CultureInfo.InvariantCulture, $"\nLast message: {(entry.LastMessageAt is { } last ? Time(last) : "none yet")}")
            .Append(CultureInfo.InvariantCulture, $"\nConversation id: {entry.SessionId}");
        return call.Reply(text.ToString());
    }

    /// <summary>The context meter: the last prompt's size against the model's window, as the chat header shows it.</summary>
    public static string ContextUse(SessionEntry entry, int compactAtPercent) => entry switch
    {
        { ContextTokens: { } used, ContextWindow: { } window and > 0 } =>
            string.Create(CultureInfo.InvariantCulture, $"{used:N0} of {window:N0} tokens ({Math.Round(100.0 * used / window):0}%) in the last request; older messages are summarised automatically past {compactAtPercent}% of the room for the prompt (/compact does it now)"),
        _ => "not measured yet (no reply in this conversation)",
    };

    public async Task<CommandReply> PersistAsync(CommandCall call, CancellationToken ct)
    {
        bool? on = call.Args.ToLowerInvariant() switch
        {
            "on" => true,
            "off" => false,
            _ => null,
        };
        if (on is not { } persistent)
        {
            return call.Usage();
        }

        if (sessions.Find(call.SessionKey) is not { } entry)
        {
            return call.Reply(Gone(call));
        }

        if (entry.Persistent == persistent)
        {
            return call.Reply($"'{entry.Label}' is already {(persistent ? "persistent" : "not persistent")}.");
        }

        var patched = await sessions.PatchAsync(new SessionsPatchParams(entry.Key, Persistent: persistent), ct);
        if (patched.Error is { } error)
        {
            return call.Reply(error.Message);
        }

        return call.Reply(persistent
            ? $"'{entry.Label}' is now persistent: /new, /reset and the reset policy leave it alone."
            : $"'{entry.Label}' is no longer persistent: /new, /reset and the reset policy ({ResetPolicy()}) may start it over.");
    }

    private string ResetPolicy() => config.Session.Reset.Mode switch
    {
        ResetMode.Daily => $"daily at {config.Session.Reset.AtHour:00}:00",
        ResetMode.Idle => $"after {config.Session.Reset.IdleMinutes} idle minutes",
        _ => "off on this gateway",
    };

    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
