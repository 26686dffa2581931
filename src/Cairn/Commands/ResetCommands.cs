using Cairn.Config;
using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Commands;

/// <summary>
/// <c>/new</c> and <c>/reset</c>: start the current session over (a new sessionId; the old transcript stays
/// readable). A persistent session is refused with the reason and the way out. Works with the feature flag off.
/// </summary>
public sealed class ResetCommands(SessionService sessions, CairnConfig config)
{
    public Task<CommandReply> NewAsync(CommandCall call, CancellationToken ct) =>
        StartOverAsync(call, entry => $"Started a new conversation in '{entry.Label}'. The previous one is kept in the history.", ct);

    public Task<CommandReply> ResetAsync(CommandCall call, CancellationToken ct) =>
        StartOverAsync(call, entry => $"Reset '{entry.Label}': the conversation starts over. The previous one is kept in the history.", ct);

    /// <summary><c>/undo-reset</c>: the previous conversation of this session becomes current again; nothing is deleted.</summary>
    public async Task<CommandReply> UndoAsync(CommandCall call, CancellationToken ct)
    {
        if (call.Args.Length > 0)
        {
            return call.Usage();
        }

        var undone = await sessions.UndoResetAsync(call.SessionKey, ct);
        return undone.Error is { } error
            ? call.Reply(error.Message)
            : call.Reply($"Back to the previous conversation of '{undone.Value!.Entry.Label}' ({undone.Value.Entry.MessageCount} messages). " +
                "The one you left is kept in the history.");
    }

    private async Task<CommandReply> StartOverAsync(CommandCall call, Func<SessionEntry, string> done, CancellationToken ct)
    {
        if (call.Args.Length > 0)
        {
            return call.Usage();
        }

        if (sessions.Find(call.SessionKey) is not { } entry)
        {
            return call.Reply($"This session ({call.SessionKey}) no longer exists.");
        }

        // A persistent session refuses (and the service counts the blocked reset), with the reason and the way out.
        var reset = await sessions.ResetAsync(entry.Key, ResetCause.Command, call.Invocation.Caller, ct);
        if (reset.Error is { } error)
        {
            return call.Reply(error.Code == ErrorCode.SessionPersistent ? Refusal(entry) : error.Message);
        }

        return call.Reply(done(reset.Value!.Entry));
    }

    private string Refusal(SessionEntry entry) => config.Session.NamedSessionsEnabled
        ? SessionRules.Persistent(entry).Message
        : $"'{entry.Label}' is persistent, so it cannot be reset. Named sessions are turned off on this gateway, " +
          "so its persistence can be turned off only after session.namedSessionsEnabled is turned back on.";
}
