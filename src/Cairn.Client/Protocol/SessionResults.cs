namespace Cairn.Protocol;

public sealed record SessionsListResult(IReadOnlyList<SessionEntry> Sessions, string? NextCursor, int Total);

public sealed record SessionEntryResult(SessionEntry Entry);

public sealed record SessionsCreateResult(string Key, string SessionId, SessionEntry Entry);

public sealed record SessionsResetResult(SessionEntry Entry, string PreviousSessionId);

public sealed record SessionsDeleteResult(string Key, bool Deleted);

public sealed record SessionsActiveResult(string Peer, SessionEntry Entry);

public sealed record SessionsCompactResult(SessionEntry Entry, TranscriptMessage Summary);

/// <summary>
/// One generation (conversation) of a session: <see cref="StartedAt"/> is its first message (or, for an empty current
/// one, the session's last change), <see cref="EndedAt"/> the last message of a generation a reset closed; readable
/// with <c>chat.history {sessionKey, sessionId}</c>.
/// </summary>
public sealed record SessionGeneration(string SessionId, long StartedAt, long? EndedAt, int MessageCount, bool Current);

/// <summary>Result of <c>sessions.generations</c>: the current generation first, then earlier ones, newest first.</summary>
public sealed record SessionsGenerationsResult(string Key, IReadOnlyList<SessionGeneration> Generations);
