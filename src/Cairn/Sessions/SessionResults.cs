using Cairn.Store;

namespace Cairn.Sessions;

public sealed record SessionsListResult(IReadOnlyList<SessionEntry> Sessions, string? NextCursor, int Total);

public sealed record SessionEntryResult(SessionEntry Entry);

public sealed record SessionsCreateResult(string Key, string SessionId, SessionEntry Entry);

public sealed record SessionsResetResult(SessionEntry Entry, string PreviousSessionId);

public sealed record SessionsDeleteResult(string Key, bool Deleted);

/// <summary>Payload of the <c>sessions.changed</c> event.</summary>
public sealed record SessionsChangedEvent(string Reason, string Key, SessionEntry? Entry);
