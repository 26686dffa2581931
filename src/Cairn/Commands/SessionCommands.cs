using System.Globalization;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;
using Cairn.Templates;

namespace Cairn.Commands;

/// <summary>
/// The <c>/session …</c> handlers that change which session is active or what exists: new, switch, rename,
/// delete (to the trash). Archive, unarchive and restore are in <c>SessionCommands.Lifecycle.cs</c>. Every change goes through <see cref="SessionService"/>, as a <c>sessions.*</c> call would, so it is
/// validated, announced and counted the same way; every switch is returned as an action and, for a peer, stored
/// as its binding. Views are in the other part.
/// </summary>
public sealed partial class SessionCommands(SessionService sessions, TemplateService templates, CairnConfig config, ListNumbers numbers)
{
    /// <summary>The action a surface with a URL follows by navigating to the session.</summary>
    public const string SwitchAction = "switch";

    public async Task<CommandReply> NewAsync(CommandCall call, CancellationToken ct)
    {
        var (name, template) = TemplateCommands.SplitTemplate(call.Args);
        if (name.Length == 0 || template?.Length == 0)
        {
            return call.Usage();
        }

        var created = await templates.CreateSessionAsync(new SessionsCreateParams(name, Template: template), call.Invocation.Caller, ct);
        if (created.Error is { } error)
        {
            var hint = error.Details?.TryGetValue("key", out var key) == true && error.Code == ErrorCode.Conflict ? $" Switch to it with /session switch {key}."
                : error.Details?.ContainsKey("template") == true ? " See /session templates." : "";
            return call.Reply(error.Message + hint);
        }

        var (entry, from) = (created.Value!.Entry, created.Value.Template);
        var text = $"Created '{entry.Label}' (key {entry.Key}, {(entry.Persistent ? "persistent" : "not persistent")})" +
            (from is null ? "" : $" from template {from}") + " and switched to it." +
            (created.Value.FirstRunId is null ? "" : " Its first message was sent; the reply is on its way.");
        return await SwitchToAsync(call, entry.Key, text, ct);
    }

    public async Task<CommandReply> SwitchAsync(CommandCall call, CancellationToken ct)
    {
        var target = CommandText.Unquote(call.Args);
        if (target.Length == 0)
        {
            return call.Usage();
        }

        var (entry, problem) = Find(call, target);
        if (entry is null)
        {
            return call.Reply(problem!);
        }

        var text = entry.Key == call.SessionKey ? $"Already in '{entry.Label}' ({entry.Key})." : $"Switched to '{entry.Label}' ({entry.Key}).";
        if (entry.Archived)
        {
            text += $" It is archived: it takes no new messages until /session unarchive {entry.Key}.";
        }

        return await SwitchToAsync(call, entry.Key, text, ct);
    }

    public async Task<CommandReply> RenameAsync(CommandCall call, CancellationToken ct)
    {
        var name = CommandText.Unquote(call.Args);
        if (name.Length == 0)
        {
            return call.Usage();
        }

        if (sessions.Find(call.SessionKey) is not { } before)
        {
            return call.Reply(Gone(call));
        }

        var request = new SessionsPatchParams(call.SessionKey, Label: name);
        if (SessionValidation.Patch(request) is { } invalid)
        {
            return call.Reply(invalid.Message);
        }

        var patched = await sessions.PatchAsync(request, ct);
        return patched.Error is { } error
            ? call.Reply(error.Message)
            : call.Reply($"Renamed '{before.Label}' to '{patched.Value!.Entry.Label}'; its key stays {before.Key}.");
    }

    public async Task<CommandReply> DeleteAsync(CommandCall call, CancellationToken ct)
    {
        var name = CommandText.Unquote(call.Args);
        var (entry, problem) = name.Length == 0 ? (sessions.Find(call.SessionKey), Gone(call)) : Find(call, name);
        if (entry is null)
        {
            return call.Reply(problem!);
        }

        if (name.Length == 0 && entry.Persistent)
        {
            // A bare "/session delete" typed in the wrong window must not put away a session someone chose to keep.
            return call.Reply($"'{entry.Label}' is persistent. To move it to the trash, name it: /session delete {entry.Key}");
        }

        var deleted = await sessions.DeleteAsync(entry.Key, ct);
        if (deleted.Error is { } error)
        {
            return call.Reply(error.Message);
        }

        var until = deleted.Value!.PurgeAt is { } purgeAt ? $" (until {Time(purgeAt)}, when it is purged for good)" : "";
        return await LeaveIfCurrentAsync(call, entry,
            $"Moved '{entry.Label}' ({entry.Key}) to the trash with its messages. /session restore {entry.Key} brings it back{until}.", ct);
    }

    /// <summary>The reply after a session was put away; if it was the current one, the surface moves to main.</summary>
    private async Task<CommandReply> LeaveIfCurrentAsync(CommandCall call, SessionEntry entry, string text, CancellationToken ct)
    {
        if (entry.Key != call.SessionKey)
        {
            return call.Reply(text);
        }

        var main = sessions.Find(SessionNames.MainKey);
        return await SwitchToAsync(call, SessionNames.MainKey, $"{text} You are now in '{main?.Label ?? SessionNames.MainLabel}'.", ct);
    }

    /// <summary>
    /// A session named by the number of the last list this peer or surface saw, else by key, exact label or
    /// unique prefix. On failure, the reply says why (and lists the candidates of an ambiguous name).
    /// </summary>
    private (SessionEntry? Entry, string? Problem) Find(CommandCall call, string name)
    {
        var scope = ListNumbers.ScopeOf(call.Invocation);
        var isNumber = int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number);
        if (isNumber && numbers.Lookup(scope, number) is { } numberedKey)
        {
            return sessions.Find(numberedKey) is { } numbered
                ? (numbered, null)
                : (null, $"Session {number} of your last list ({numberedKey}) no longer exists. Run /session list again.");
        }

        var resolved = sessions.Resolve(name);
        if (resolved.Value is { } found)
        {
            return (found.Entry, null);
        }

        if (resolved.Error!.Code == ErrorCode.Conflict)
        {
            var lines = sessions.Candidates(name).Select(c => $"  {c.Label} ({c.Key}): /{call.Spec.Name} {c.Key}");
            return (null, $"'{name}' matches more than one session. Which one?\n{string.Join('\n', lines)}");
        }

        var hint = isNumber && !numbers.HasList(scope) ? " Numbers refer to your last /session list; run it first."
            : resolved.Error.Details?.GetValueOrDefault("reason") is "trashed" ? $" Bring it back with /session restore {resolved.Error.Details["key"]}."
            : " See /session list.";
        return (null, resolved.Error.Message + hint);
    }

    private async Task<CommandReply> SwitchToAsync(CommandCall call, string key, string text, CancellationToken ct)
    {
        await sessions.SwitchAsync(call.Invocation.Caller, call.Invocation.Peer, call.SessionKey, key, ct);
        return call.Reply(text, new CommandAction(SwitchAction, key));
    }

    private static string Gone(CommandCall call) =>
        $"This session ({call.SessionKey}) no longer exists. Switch to another one with /session switch main.";
}
