namespace Cairn.Protocol;

public sealed record ChatSendParams(
    string Message,
    string? SessionKey = null,
    string? Peer = null,
    string? IdempotencyKey = null,
    bool Wait = false);

public sealed record ChatHistoryParams(string SessionKey, string? SessionId = null, int Limit = 100, long? Before = null);

public sealed record ChatAbortParams(string SessionKey, string? RunId = null);

/// <summary>
/// <c>chat.retry</c>: answer the session's last message again when its turn failed; with <paramref name="Regenerate"/>
/// also when it was answered (a new reply replaces the last one in what the model sees).
/// </summary>
public sealed record ChatRetryParams(string SessionKey, bool Wait = false, bool Regenerate = false);
