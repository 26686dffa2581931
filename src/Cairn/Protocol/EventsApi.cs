using Cairn.Sessions;

namespace Cairn.Protocol;

/// <summary>The <c>events.*</c> methods: a connection says which events it wants from the <see cref="EventHub"/>.</summary>
public static class EventsApi
{
    public static MethodTable MapEventMethods(this MethodTable methods) => methods
        .Add("events.subscribe", "Choose which sessions' chat events this WebSocket connection gets (null: all; []: none).",
            static (EventHub hub, EventsSubscribeParams p, Caller caller) => SetChat(hub, p, caller), Validate)
        .WebSocketOnly("events.subscribe");

    public static MethodError? Validate(EventsSubscribeParams p) =>
        p.Chat is null ? null
        : p.Chat.Count > EventsSubscribeParams.MaxChatKeys ? MethodError.Invalid("chat", $"'chat' names at most {EventsSubscribeParams.MaxChatKeys} sessions.")
        : p.Chat.Select(SessionRules.CheckKey).FirstOrDefault(error => error is not null) is { } error ? MethodError.Invalid("chat", error.Message)
        : null;

    private static Outcome<EventsSubscribeResult> SetChat(EventHub hub, EventsSubscribeParams p, Caller caller)
    {
        if (caller.ConnectionId is not { } id || hub.OfConnection(id) is not { } subscription)
        {
            return MethodError.Invalid("transport", "events.subscribe works on a WebSocket connection: events are not sent over HTTP.");
        }

        subscription.SetChat(p.Chat);
        return new EventsSubscribeResult(p.Chat is null ? null : [.. p.Chat.Distinct(StringComparer.Ordinal)]);
    }
}
