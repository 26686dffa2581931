namespace Cairn.Protocol;

/// <summary>
/// Every server event: its wire name and payload type, in one place. A new event is added here, to
/// <see cref="All"/>, and published through the gateway's event hub with its payload record.
/// </summary>
public static class EventNames
{
    /// <summary>A session was created, changed, reset, archived, deleted, restored or purged; payload <see cref="SessionsChangedEvent"/>.</summary>
    public const string SessionsChanged = "sessions.changed";

    /// <summary>A reply's progress: a delta or the end of a run; payload <see cref="ChatEvent"/>.</summary>
    public const string Chat = "chat";

    public static IReadOnlyList<string> All { get; } = [SessionsChanged, Chat];

    /// <summary>The payload record of each event, for the schema and typed clients.</summary>
    public static IReadOnlyDictionary<string, Type> PayloadTypes { get; } = new Dictionary<string, Type>
    {
        [SessionsChanged] = typeof(SessionsChangedEvent),
        [Chat] = typeof(ChatEvent),
    };
}

/// <summary>Why <c>sessions.changed</c> was sent.</summary>
public enum ChangeReason
{
    Created,
    Patched,
    Reset,
    Deleted,
    Compacted,
    Archived,
    Unarchived,
    Restored,
    Purged,
}

/// <summary>
/// Payload of the <c>sessions.changed</c> event. After <c>deleted</c> (moved to the trash) <see cref="Entry"/> is the
/// entry in the trash; after <c>purged</c> it is absent.
/// </summary>
public sealed record SessionsChangedEvent(ChangeReason Reason, string Key, SessionEntry? Entry);

/// <summary>Where a run is: streaming (<see cref="Delta"/>) or ended (final, aborted, error).</summary>
public enum RunState
{
    Delta,
    Final,
    Aborted,
    Error,
}

/// <summary>Payload of the <c>chat</c> event: a delta (new text), or the end of a run (final text, error message).</summary>
public sealed record ChatEvent(string RunId, string SessionKey, long Seq, RunState State, string Text, string? Reason = null);

/// <summary>
/// Params of <c>events.subscribe</c> (WebSocket only): which sessions' <c>chat</c> events this connection wants.
/// Null: every session's (what a connection gets until it says otherwise); empty: none; otherwise only these keys
/// (at most <see cref="MaxChatKeys"/>; a key that does not exist yet is fine). <c>sessions.changed</c> always comes.
/// </summary>
public sealed record EventsSubscribeParams(IReadOnlyList<string>? Chat = null)
{
    public const int MaxChatKeys = 100;
}

/// <summary>The chat filter now in force on the connection: null for every session.</summary>
public sealed record EventsSubscribeResult(IReadOnlyList<string>? Chat);
