namespace Cairn.Protocol;

/// <summary>How a session came to exist.</summary>
public enum SessionKind
{
    Main,
    Named,
    Peer,
}

/// <summary>One session as stored and as sent on the wire.</summary>
public sealed record SessionEntry(
    string Key,
    string SessionId,
    string Label,
    string? Description,
    bool Persistent,
    bool UserCreated,
    SessionKind Kind,
    long CreatedAt,
    long UpdatedAt,
    long? LastMessageAt,
    int MessageCount,
    long InputTokens,
    long OutputTokens,
    int Rev,
    string? SystemPrompt,
    long? ContextTokens = null,
    long? ContextWindow = null);

/// <summary>The orders <c>sessions.list</c> can return.</summary>
public enum SessionSort
{
    Updated,
    Created,
    Label,
}
