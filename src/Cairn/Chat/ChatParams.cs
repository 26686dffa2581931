using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Chat;

public sealed record ChatSendParams(
    string Message,
    string? SessionKey = null,
    string? Peer = null,
    string? IdempotencyKey = null,
    bool Wait = false) : IValidatable
{
    public const int MaxMessageLength = 32_000;

    public MethodError? Validate() =>
        string.IsNullOrWhiteSpace(Message) ? MethodError.Invalid("message", "'message' must not be empty.")
        : Message.Length > MaxMessageLength ? MethodError.Invalid("message", $"'message' must be at most {MaxMessageLength} characters.")
        : SessionKey is not null && Peer is not null ? MethodError.Invalid("peer", "Pass 'sessionKey' or 'peer', not both.")
        : SessionKey is not null ? SessionRules.CheckKey(SessionKey)
        : Peer is { Length: 0 or > PeerBindingStore.MaxPeerLength } || (Peer?.Any(char.IsControl) ?? false)
            ? MethodError.Invalid("peer", $"'peer' must be 1 to {PeerBindingStore.MaxPeerLength} characters without control characters.")
        : IdempotencyKey is { Length: 0 or > 128 } ? MethodError.Invalid("idempotencyKey", "'idempotencyKey' must be 1 to 128 characters.")
        : null;
}

public sealed record ChatHistoryParams(string SessionKey, string? SessionId = null, int Limit = 100, long? Before = null) : IValidatable
{
    public MethodError? Validate() =>
        SessionRules.CheckKey(SessionKey)
        ?? (Limit is < 1 or > 500 ? MethodError.Invalid("limit", "'limit' must be from 1 to 500.") : null)
        ?? (Before is < 1 ? MethodError.Invalid("before", "'before' must be a message seq (1 or more).") : null)
        ?? (SessionId is { Length: 0 or > 64 } ? MethodError.Invalid("sessionId", "'sessionId' is not a session id.") : null);
}

public sealed record ChatAbortParams(string SessionKey, string? RunId = null) : IValidatable
{
    public MethodError? Validate() => SessionRules.CheckKey(SessionKey);
}
