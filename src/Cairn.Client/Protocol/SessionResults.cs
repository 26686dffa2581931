namespace Cairn.Protocol;

public sealed record SessionsListResult(IReadOnlyList<SessionEntry> Sessions, string? NextCursor, int Total);

public sealed record SessionEntryResult(SessionEntry Entry);

public sealed record SessionsCreateResult(string Key, string SessionId, SessionEntry Entry);

public sealed record SessionsResetResult(SessionEntry Entry, string PreviousSessionId);

public sealed record SessionsDeleteResult(string Key, bool Deleted);

public sealed record SessionsActiveResult(string Peer, SessionEntry Entry);

public sealed record SessionsCompactResult(SessionEntry Entry, TranscriptMessage Summary);
