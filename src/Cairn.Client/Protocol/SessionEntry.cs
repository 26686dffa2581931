namespace Cairn.Protocol;

/// <summary>How a session came to exist.</summary>
public enum SessionKind
{
    Main,
    Named,
    Peer,
}

/// <summary>
/// One session as stored and as sent on the wire. <see cref="ArchivedAt"/> is set while the session is archived (out of
/// the default list, kept whole); <see cref="TrashedAt"/> while it is in the trash (restorable until purged).
/// <see cref="ForkedFrom"/> is set on a session made by <c>sessions.fork</c>: the source and the last seq it copied.
/// </summary>
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
    long? ContextWindow = null,
    long? ArchivedAt = null,
    long? TrashedAt = null,
    SessionOrigin? ForkedFrom = null)
{
    /// <summary>Archived: left out of the default list and the switcher; sending to it is refused until it is unarchived.</summary>
    public bool Archived => ArchivedAt is not null;

    /// <summary>In the trash: left out of every list but the trash's, and of every method but restore and purge.</summary>
    public bool Trashed => TrashedAt is not null;
}

/// <summary>The orders <c>sessions.list</c> can return.</summary>
public enum SessionSort
{
    Updated,
    Created,
    Label,
}
