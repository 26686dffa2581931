using System.CommandLine;
using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn sessions tag &lt;key&gt; [add|remove &lt;tag&gt;]</c>, <c>cairn sessions tags</c> and <c>cairn sessions pin|unpin
/// &lt;key&gt;</c>. A tag change reads the session and patches its whole set with <c>expectedRev</c>, once more if another
/// client changed it in between; the gateway normalises and checks the tag.
/// </summary>
internal static class SessionsTagCommands
{
    public static IEnumerable<Command> Build(ClientOptions options) => [Tag(options), Tags(options), Pin(options, true), Pin(options, false)];

    private static Command Tag(ClientOptions options)
    {
        var key = SessionsCommand.KeyArgument();
        var verb = new Argument<string?>("add|remove") { Description = "add or remove; without it, the session's tags are shown.", Arity = ArgumentArity.ZeroOrOne };
        verb.AcceptOnlyFromAmong("add", "remove");
        var tag = new Argument<string?>("tag") { Description = "The tag, e.g. project-x (spaces become '-', upper case lower).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("tag", "Show a session's tags, or add or remove one.") { key, verb, tag };
        command.Validators.Add(r =>
        {
            if (r.GetValue(verb) is not null && string.IsNullOrWhiteSpace(r.GetValue(tag)))
            {
                r.AddError("Name the tag to add or remove.");
            }
        });
        ClientRun.SetAction(command, options, async (result, client, ct) =>
        {
            var target = result.GetValue(key)!;
            for (var attempt = 1; ; attempt++)
            {
                var current = await client.Api.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams(target), ct);
                if (current.Error is not null || result.GetValue(verb) is not { } change)
                {
                    return ClientRun.Print(client, current, r => client.Output.Line(Describe(r.Entry)));
                }

                var entry = current.Value!.Entry;
                var tags = change == "add" ? [.. entry.Tags, result.GetValue(tag)!] : entry.Tags.Where(t => t != (TagRules.Normalize(result.GetValue(tag)!) ?? result.GetValue(tag))).ToList();
                var patched = await client.Api.RequestAsync<SessionEntryResult>("sessions.patch",
                    new SessionsPatchParams(entry.Key, ExpectedRev: entry.Rev, Tags: tags), ct);
                if (patched.Error is not { Code: ErrorCode.Conflict } || attempt == 2)
                {
                    return ClientRun.Print(client, patched, r => client.Output.Line(Describe(r.Entry)));
                }
            }
        });
        return command;
    }

    private static Command Tags(ClientOptions options)
    {
        var command = new Command("tags", "List the tags of the sessions in use, with how many sessions carry each.");
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<TagsListResult>(client, "tags.list", new NoParams(), r =>
            {
                if (r.Tags.Count == 0)
                {
                    client.Output.Line("No tags yet. Add one with: cairn sessions tag <key> add <tag>");
                    return;
                }

                foreach (var line in TextTable.Render(["TAG", "SESSIONS"], [.. r.Tags.Select(t => (IReadOnlyList<string>)[t.Tag, t.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)])],
                    (row, _, text) => row < 0 ? client.Output.Bold(text) : text))
                {
                    client.Output.Line(line);
                }
            }, ct));
        return command;
    }

    private static Command Pin(ClientOptions options, bool pinned)
    {
        var key = SessionsCommand.KeyArgument();
        var command = new Command(pinned ? "pin" : "unpin", pinned
            ? "Pin a session: pinned sessions come first in the list, the switcher and the sidebar."
            : "Unpin a session.") { key };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionEntryResult>(client, "sessions.patch", new SessionsPatchParams(result.GetValue(key)!, Pinned: pinned),
                r => client.Output.Line(pinned ? $"Pinned {SessionView.Name(r.Entry)}: it comes first in the list." : $"Unpinned {SessionView.Name(r.Entry)}."), ct));
        return command;
    }

    private static string Describe(SessionEntry entry) =>
        entry.Tags.Count == 0 ? $"{SessionView.Name(entry)} has no tags." : $"{SessionView.Name(entry)} has tags: {string.Join(", ", entry.Tags)}.";
}
