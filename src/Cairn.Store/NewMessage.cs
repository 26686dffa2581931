namespace Cairn.Store;

/// <summary>A row to append to the current generation of a session.</summary>
public sealed record NewMessage(string Role, string Text, long? InputTokens = null, long? OutputTokens = null, string? RunId = null);

/// <summary>What starting a turn did: the session after it, and the reset the policy made first, if any.</summary>
public sealed record TurnStart(SessionEntry Entry, string? ResetFromSessionId, string? DuplicateRunId);
