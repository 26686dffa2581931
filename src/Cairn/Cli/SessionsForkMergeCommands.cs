using System.CommandLine;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn sessions fork &lt;key&gt; [--from-seq n] [--label name]</c>, <c>cairn sessions merge &lt;key&gt;… [--into key]
/// [--label name] [--sequential] [--preview]</c> and <c>cairn sessions unmerge &lt;key&gt;</c>: <c>sessions.fork|merge|unmerge</c>.
/// </summary>
internal static class SessionsForkMergeCommands
{
    public static IEnumerable<Command> Build(ClientOptions options) => [Fork(options), Merge(options), Unmerge(options)];

    private static Command Fork(ClientOptions options)
    {
        var key = SessionsCommand.KeyArgument();
        var fromSeq = new Option<long?>("--from-seq") { Description = "The last message to copy (a seq of the current conversation); default: all." };
        var label = new Option<string?>("--label") { Description = "The fork's name; default \"<label> (fork)\"." };
        var command = new Command("fork", "Copy a session's current conversation (up to a message) into a new session; the source is unchanged.") { key, fromSeq, label };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionsForkResult>(client, "sessions.fork",
                new SessionsForkParams(result.GetValue(key)!, result.GetValue(fromSeq), result.GetValue(label)),
                r => client.Output.Line($"Forked {r.Entry.ForkedFrom!.Key} (up to #{r.Entry.ForkedFrom.Seq}, {r.Copied} messages) into {SessionView.Name(r.Entry)}."), ct));
        return command;
    }

    private static Command Merge(ClientOptions options)
    {
        var sources = new Argument<string[]>("sources") { Description = "The keys of the sessions to merge (2 or more; 1 with --into).", Arity = ArgumentArity.OneOrMore };
        var into = new Option<string?>("--into") { Description = "Append to this session instead of making a new one." };
        var label = new Option<string?>("--label") { Description = "The new session's name; default the sources' names joined by \" + \"." };
        var sequential = new Option<bool>("--sequential") { Description = "All of the first source, then the second, … (default: interleaved by time)." };
        var preview = new Option<bool>("--preview") { Description = "Show what the merge would write; write nothing." };
        var command = new Command("merge", "Merge sessions into a new one (or --into one); the sources are archived, never deleted.")
            { sources, into, label, sequential, preview };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionsMergeResult>(client, "sessions.merge",
                new SessionsMergeParams(result.GetValue(sources)!, result.GetValue(into), result.GetValue(label),
                    result.GetValue(sequential) ? MergeOrder.Sequential : MergeOrder.Time, result.GetValue(preview)),
                r => PrintOutline(client, r), ct));
        return command;
    }

    private static Command Unmerge(ClientOptions options)
    {
        var key = SessionsCommand.KeyArgument();
        var command = new Command("unmerge", "Take back the last merge into a session: its copies go, the sources it archived come back.") { key };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionsUnmergeResult>(client, "sessions.unmerge", new SessionKeyParams(result.GetValue(key)!), r =>
            {
                client.Output.Line(r.Removed switch
                {
                    "purged" => $"Removed {r.Key} ({r.MessagesRemoved} copied messages).",
                    "trashed" => $"Moved {r.Key} to the trash (it had messages written after the merge): cairn sessions restore {r.Key}",
                    _ => $"Removed the {r.MessagesRemoved} copied messages from {r.Key}.",
                });
                if (r.Restored.Count > 0)
                {
                    client.Output.Line($"Unarchived: {string.Join(", ", r.Restored)}");
                }
            }, ct));
        return command;
    }

    private static void PrintOutline(ClientContext client, SessionsMergeResult r)
    {
        var o = r.Outline;
        var target = o.Into is null ? $"a new session '{o.Label}'" : $"'{o.Label}' ({o.Into})";
        client.Output.Line(r.Preview
            ? $"Preview (nothing written): {o.Messages} messages into {target}, by {(o.Order == MergeOrder.Time ? "time" : "source")}."
            : $"Merged {o.Messages} messages into {SessionView.Name(r.Entry!)}, by {(o.Order == MergeOrder.Time ? "time" : "source")}.");
        var rows = o.Sources.Select(s => (IReadOnlyList<string>)[s.Key, s.Messages.ToString(System.Globalization.CultureInfo.InvariantCulture),
            s.First is { } f ? $"#{f.Seq}" : "-", s.Last is { } l ? $"#{l.Seq}" : "-", s.Archive ? "yes" : "already"]).ToList();
        foreach (var line in TextTable.Render(["SOURCE", "MESSAGES", "FIRST", "LAST", "ARCHIVE"], rows))
        {
            client.Output.Line(line);
        }

        foreach (var c in o.Conflicts)
        {
            client.Output.Line($"{c.Field} differs ({string.Join(", ", c.Values.Select(v => $"{v.Key}: {v.Value ?? "none"}"))}): {c.Resolution}.");
        }

        if (!r.Preview)
        {
            client.Output.Line(client.Output.Dim($"Take it back with: cairn sessions unmerge {r.Key}"));
        }
    }
}
