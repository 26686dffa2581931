namespace Cairn.Protocol;

/// <summary>A page of sessions; <c>TrashDays</c> (when listing the trash) is how long a session stays there before it is purged (0: until purged by hand).</summary>
public sealed record SessionsListResult(IReadOnlyList<SessionEntry> Sessions, string? NextCursor, int Total, int? TrashDays = null);

public sealed record SessionEntryResult(SessionEntry Entry);

/// <summary>
/// <c>sessions.create</c>: <c>Template</c> is the key of the template it was made from; <c>FirstRunId</c> the run that
/// answers the template's first message (started, not awaited: its reply arrives as <c>chat</c> events).
/// </summary>
public sealed record SessionsCreateResult(string Key, string SessionId, SessionEntry Entry, string? Template = null, string? FirstRunId = null);

public sealed record SessionsResetResult(SessionEntry Entry, string PreviousSessionId);

/// <summary>
/// <c>sessions.delete</c> moved the session to the trash: <c>Entry</c> is it there (with <c>trashedAt</c>); <c>PurgeAt</c> is
/// when the retention (<c>session.trashDays</c>) purges it, absent when it never does.
/// </summary>
public sealed record SessionsDeleteResult(string Key, bool Deleted, bool Trashed, SessionEntry Entry, long? PurgeAt = null);

/// <summary><c>sessions.purge</c>: the session and every message of it are gone for good.</summary>
public sealed record SessionsPurgeResult(string Key, bool Purged);

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
