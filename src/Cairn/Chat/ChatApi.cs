using Cairn.Protocol;

namespace Cairn.Chat;

/// <summary>
/// The <c>chat.*</c> methods, names onto <see cref="ChatService"/>, and <c>sessions.compact</c> onto
/// <see cref="CompactionService"/> (a session method by name, but the chat feature owns the conversation's context).
/// </summary>
public static class ChatApi
{
    public static MethodTable MapChatMethods(this MethodTable methods) => methods
        .Add("chat.send", "Send a message (or a slash command) to a session; the reply streams as chat events.",
            static (ChatService chat, ChatSendParams p, Caller caller, CancellationToken ct) => chat.SendAsync(p, caller, ct), ChatValidation.Send)
        .Add("chat.history", "Read a session's transcript, the current or an older generation.",
            static (ChatService chat, ChatHistoryParams p, Caller caller) => chat.History(p, caller), ChatValidation.History)
        .Add("chat.abort", "Stop the reply being written in a session.",
            static (ChatService chat, ChatAbortParams p, CancellationToken ct) => chat.AbortAsync(p, ct), ChatValidation.Abort)
        .Add("chat.retry", "Answer the session's last message again after its turn failed, or (regenerate) write another reply to it; the reply streams as chat events.",
            static (ChatService chat, ChatRetryParams p, CancellationToken ct) => chat.RetryAsync(p, ct), ChatValidation.Retry)
        .Add("sessions.compact", "Summarise the current conversation now, all but its last exchange; optional instructions say what to keep.",
            static (CompactionService compaction, SessionsCompactParams p, CancellationToken ct) => compaction.CompactAsync(p, ct), ChatValidation.Compact);
}
