using System.CommandLine;
using System.Globalization;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn sessions archive|unarchive|delete|restore|purge &lt;key&gt;</c>. A delete moves the session to the trash, so
/// it no longer asks first (<c>restore</c> undoes it); <c>purge</c> is the one that cannot be undone, so it asks on a
/// terminal and needs <c>--yes</c> without one (a script).
/// </summary>
internal static class SessionsLifecycleCommands
{
    public static IEnumerable<Command> Build(ClientOptions options) => [Archive(options), Unarchive(options), Delete(options), Restore(options), Purge(options)];

    private static Command Archive(ClientOptions options) => Simple(options, "archive", "sessions.archive",
        "Archive a session: out of the default list and the switcher, kept whole (main cannot be archived).",
        (client, e) => $"Archived {SessionView.Name(e)}: it keeps everything and takes no new messages. Bring it back with: cairn sessions unarchive {e.Key}");

    private static Command Unarchive(ClientOptions options) => Simple(options, "unarchive", "sessions.unarchive",
        "Bring an archived session back into the list; it takes messages again.",
        (client, e) => $"Unarchived {SessionView.Name(e)}: it is back in the list.");

    private static Command Restore(ClientOptions options) => Simple(options, "restore", "sessions.restore",
        "Take a session out of the trash, as it was (messages, key, URL, share links).",
        (client, e) => $"Restored {SessionView.Name(e)} from the trash with its {e.MessageCount} messages.");

    private static Command Delete(ClientOptions options)
    {
        var key = SessionsCommand.KeyArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Accepted for scripts written before the trash; a delete no longer asks (restore undoes it)." };
        var command = new Command("delete", "Move a session to the trash (restorable until session.trashDays has passed; main cannot be deleted).") { key, yes };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionsDeleteResult>(client, "sessions.delete", new SessionKeyParams(result.GetValue(key)!), r =>
            {
                client.Output.Line($"Moved {SessionView.Name(r.Entry)} to the trash with its {r.Entry.MessageCount} messages.");
                client.Output.Line(client.Output.Dim(r.PurgeAt is { } at
                    ? $"Restore it with: cairn sessions restore {r.Key} (until {Time(at)}, when it is purged for good)"
                    : $"Restore it with: cairn sessions restore {r.Key}"));
            }, ct));
        return command;
    }

    private static Command Purge(ClientOptions options)
    {
        var key = SessionsCommand.KeyArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (needed when standard input is not a terminal)." };
        var command = new Command("purge", "Remove a session in the trash for good, with every message (it cannot be undone).") { key, yes };
        ClientRun.SetAction(command, options, async (result, client, ct) =>
        {
            var target = result.GetValue(key)!;
            if (!result.GetValue(yes))
            {
                if (Console.IsInputRedirected)
                {
                    return client.Output.Fail(ErrorCode.InvalidRequest.WireName(), $"Not purging '{target}' without confirmation: pass --yes.");
                }

                Console.Write($"Purge '{target}' and all its messages for good? It cannot be undone. [y/N] ");
                if ((Console.ReadLine() ?? "").Trim().ToLowerInvariant() is not ("y" or "yes"))
                {
                    client.Output.Line("Not purged.");
                    return ExitCodes.Failed;
                }
            }

            return await ClientRun.CallAsync<SessionsPurgeResult>(client, "sessions.purge", new SessionKeyParams(target),
                _ => client.Output.Line($"Purged {target}: it and its messages are gone for good."), ct);
        });
        return command;
    }

    private static Command Simple(ClientOptions options, string name, string method, string description, Func<ClientContext, SessionEntry, string> done)
    {
        var key = SessionsCommand.KeyArgument();
        var command = new Command(name, description) { key };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionEntryResult>(client, method, new SessionKeyParams(result.GetValue(key)!), r => client.Output.Line(done(client, r.Entry)), ct));
        return command;
    }

    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
