using Cairn.Chat;
using Cairn.Commands;
using Cairn.Sessions;

namespace Cairn.Protocol;

/// <summary>
/// The method table: every method the gateway answers, on <c>POST /api</c> and on <c>/ws</c>.
/// <c>connect</c> is the WebSocket handshake and lives in the transport, not here.
/// </summary>
public static class Methods
{
    public static MethodTable Create(SessionMethods sessions, ChatMethods chat, SlashCommands commands, PeerSessionMethods peers) => new MethodTable()
        .Add<SessionsListParams, SessionsListResult>("sessions.list", "List sessions, a keyset page at a time, with filters, search and sort.", sessions.ListAsync, SessionValidation.List)
        .Add<SessionGetParams, SessionEntryResult>("sessions.get", "Get one session by key.", sessions.GetAsync, SessionValidation.Get)
        .Add<SessionsResolveParams, SessionEntryResult>("sessions.resolve", "Find a session by key, exact label or unique prefix.", sessions.ResolveAsync, SessionValidation.Resolve)
        .Add<SessionsCreateParams, SessionsCreateResult>("sessions.create", "Create a named session (persistent by default).", sessions.CreateAsync, SessionValidation.Create)
        .Add<SessionsPatchParams, SessionEntryResult>("sessions.patch", "Rename, describe, or mark a session persistent; optional expectedRev.", sessions.PatchAsync, SessionValidation.Patch)
        .Add<SessionKeyParams, SessionsResetResult>("sessions.reset", "Start a new conversation in a session; refused for persistent ones.", sessions.ResetAsync, SessionValidation.Key)
        .Add<SessionKeyParams, SessionsDeleteResult>("sessions.delete", "Delete a session and its transcripts; main is protected.", sessions.DeleteAsync, SessionValidation.Key)
        .Add<SessionsActiveParams, SessionsActiveResult>("sessions.active", "The session a peer (a surface without a URL) is bound to; main if none.", peers.ActiveAsync, SessionValidation.Active)
        .Add<ChatSendParams, ChatSendResult>("chat.send", "Send a message (or a slash command) to a session; the reply streams as chat events.", chat.SendAsync, ChatValidation.Send)
        .Add<ChatHistoryParams, ChatHistoryResult>("chat.history", "Read a session's transcript, the current or an older generation.", chat.HistoryAsync, ChatValidation.History)
        .Add<ChatAbortParams, ChatAbortResult>("chat.abort", "Stop the reply being written in a session.", chat.AbortAsync, ChatValidation.Abort)
        .Add<NoParams, CommandsListResult>("commands.list", "The chat commands (/help, /session …): name, usage and summary.", commands.ListAsync);
}
