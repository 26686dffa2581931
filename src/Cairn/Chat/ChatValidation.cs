using Cairn.Commands;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Chat;

/// <summary>The checks the <c>chat.*</c> parameters get after deserialization.</summary>
public static class ChatValidation
{
    public const int MaxMessageLength = 32_000;

    public const int MaxIdempotencyKeyLength = 128;

    public static MethodError? Send(ChatSendParams p) =>
        (string.IsNullOrWhiteSpace(p.Message) ? MethodError.Invalid("message", "'message' must not be empty.")
        : p.Message.Length > MaxMessageLength ? MethodError.Invalid("message", $"'message' must be at most {MaxMessageLength} characters.")
        : p.SessionKey is not null && p.Peer is not null ? MethodError.Invalid("peer", "Pass 'sessionKey' or 'peer', not both.")
        : p.SessionKey is not null ? SessionRules.CheckKey(p.SessionKey)
        : p.Peer is { Length: 0 or > PeerBindingStore.MaxPeerLength } || (p.Peer?.Any(char.IsControl) ?? false)
            ? MethodError.Invalid("peer", $"'peer' must be 1 to {PeerBindingStore.MaxPeerLength} characters without control characters.")
        : null)
        ?? (p.IdempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength }
            ? MethodError.Invalid("idempotencyKey", $"'idempotencyKey' must be 1 to {MaxIdempotencyKeyLength} characters.") : null);

    public static MethodError? History(ChatHistoryParams p) =>
        SessionRules.CheckKey(p.SessionKey)
        ?? (p.Limit is < 1 or > 500 ? MethodError.Invalid("limit", "'limit' must be from 1 to 500.") : null)
        ?? (p.Before is < 1 ? MethodError.Invalid("before", "'before' must be a message seq (1 or more).") : null)
        ?? (p.SessionId is { Length: 0 or > 64 } ? MethodError.Invalid("sessionId", "'sessionId' is not a session id.") : null);

    public static MethodError? Abort(ChatAbortParams p) => SessionRules.CheckKey(p.SessionKey);

    public static MethodError? Retry(ChatRetryParams p) => SessionRules.CheckKey(p.SessionKey);

    public static MethodError? Compact(SessionsCompactParams p) =>
        SessionRules.CheckKey(p.Key)
        ?? (p.Instructions is { Length: > CompactionLimits.MaxInstructionsLength }
            ? MethodError.Invalid("instructions", $"'instructions' must be at most {CompactionLimits.MaxInstructionsLength} characters.") : null);
}
