using System.CommandLine;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn sessions list|get|create|rename|persist|reset|archive|unarchive|delete|restore|purge|share|unshare|shares|tag|tags|pin|unpin</c>: the
/// sessions methods of a running gateway,
/// as readable text or, with <c>--json</c>, the gateway's own JSON.
/// </summary>
public static class SessionsCommand
{
    public static Command Build()
    {
        var options = new ClientOptions();
        var sessions = options.AddTo(new Command("sessions", "List and manage the sessions of a running gateway."));
        sessions.Subcommands.Add(SessionsListCommand.Build(options));
        sessions.Subcommands.Add(Get(options));
        sessions.Subcommands.Add(Create(options));
        sessions.Subcommands.Add(Rename(options));
        sessions.Subcommands.Add(Persist(options));
        sessions.Subcommands.Add(Reset(options));
        foreach (var command in SessionsLifecycleCommands.Build(options).Concat(SessionsShareCommands.Build(options)).Concat(SessionsTagCommands.Build(options))
                     .Concat(SessionsForkMergeCommands.Build(options)))
        {
            sessions.Subcommands.Add(command);
        }

        return sessions;
    }

    internal static Argument<string> KeyArgument() => new("key") { Description = "The session's key, as shown by 'cairn sessions list' (e.g. work-session)." };

    private static Command Get(ClientOptions options)
    {
        var key = KeyArgument();
        var command = new Command("get", "Show one session's details.") { key };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionEntryResult>(client, "sessions.get", new SessionGetParams(result.GetValue(key)!),
                r => SessionView.Details(client.Output, r.Entry), ct));
        return command;
    }

    private static Command Create(ClientOptions options)
    {
        var label = new Argument<string>("label") { Description = "The session's name, e.g. \"Project X\" (1-64 characters, unique)." };
        var description = new Option<string?>("--description") { Description = "What the session is for (up to 500 characters)." };
        var key = new Option<string?>("--key") { Description = "Use this key instead of the one made from the label." };
        var temporary = new Option<bool>("--temporary") { Description = "Create it not persistent, so resets may clear it (default: persistent, or the template's)." };
        var template = new Option<string?>("--template") { Description = "Start from this template (key or name; see 'cairn templates list')." };
        var command = new Command("create", "Create a named session (persistent unless --temporary), blank or from a template; also 'new'.")
            { label, description, key, temporary, template };
        command.Aliases.Add("new");
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionsCreateResult>(client, "sessions.create",
                new SessionsCreateParams(result.GetValue(label)!, result.GetValue(key), result.GetValue(description),
                    result.GetValue(temporary) ? false : null, result.GetValue(template)),
                r => client.Output.Line($"Created {SessionView.Name(r.Entry)}, {(r.Entry.Persistent ? "persistent" : "temporary")}" +
                    (r.Template is { } t ? $", from template {t}" : "") + (r.FirstRunId is null ? "." : "; its first message was sent.")), ct));
        return command;
    }

    private static Command Rename(ClientOptions options)
    {
        var key = KeyArgument();
        var label = new Argument<string>("label") { Description = "The new name; the key stays the same." };
        var command = new Command("rename", "Rename a session (its key does not change).") { key, label };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionEntryResult>(client, "sessions.patch", new SessionsPatchParams(result.GetValue(key)!, Label: result.GetValue(label)),
                r => client.Output.Line($"Renamed {result.GetValue(key)} to '{r.Entry.Label}'."), ct));
        return command;
    }

    private static Command Persist(ClientOptions options)
    {
        var key = KeyArgument();
        var state = new Argument<string>("on|off") { Description = "on: never reset this session; off: let resets clear it." };
        state.AcceptOnlyFromAmong("on", "off");
        var command = new Command("persist", "Mark a session persistent (exempt from every reset) or not.") { key, state };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionEntryResult>(client, "sessions.patch",
                new SessionsPatchParams(result.GetValue(key)!, Persistent: result.GetValue(state) == "on"),
                r => client.Output.Line(r.Entry.Persistent
                    ? $"{SessionView.Name(r.Entry)} is now persistent: no reset will clear it."
                    : $"{SessionView.Name(r.Entry)} is no longer persistent: resets may clear it."), ct));
        return command;
    }

    private static Command Reset(ClientOptions options)
    {
        var key = KeyArgument();
        var command = new Command("reset", "Start a new conversation in a session (refused for persistent ones); the old one stays in the history.") { key };
        ClientRun.SetAction(command, options, async (result, client, ct) =>
        {
            var target = result.GetValue(key)!;
            var reply = await client.Api.RequestAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams(target), ct);
            if (reply.Error is { Code: ErrorCode.SessionPersistent } persistent)
            {
                // The gateway's message names the chat command; a CLI user needs the CLI's way out.
                reply = reply with { Error = persistent with { Message = $"{persistent.Message} From the command line: cairn sessions persist {target} off." } };
            }

            return ClientRun.Print(client, reply, r => client.Output.Line($"Reset {SessionView.Name(r.Entry)}: new conversation {r.Entry.SessionId}, " +
                $"the previous one ({r.PreviousSessionId}) stays in the history."));
        });
        return command;
    }
}
