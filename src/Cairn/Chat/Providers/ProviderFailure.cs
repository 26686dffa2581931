namespace Cairn.Chat.Providers;

/// <summary>
/// The reason codes of a failed model call: one documented set, sent as <c>reason</c> beside the message in the
/// <c>chat</c> error event and the <c>chat.send</c> (<c>wait</c>) result.
/// </summary>
public static class ProviderReasons
{
    /// <summary>The key was refused (HTTP 401/403).</summary>
    public const string Auth = "auth";

    /// <summary>Rate limit or exhausted quota (HTTP 429, <c>insufficient_quota</c>).</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The prompt does not fit the model's context window; compact and try again.</summary>
    public const string ContextOverflow = "context_overflow";

    /// <summary>First token, idle gap or overall deadline passed (or HTTP 408/504).</summary>
    public const string Timeout = "timeout";

    /// <summary>Could not connect, HTTP 502/503, or the stream broke off.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The provider rejected the request (HTTP 400/404/422 other than an overflow).</summary>
    public const string BadRequest = "bad_request";

    /// <summary>The provider's content filter stopped the reply.</summary>
    public const string ContentFilter = "content_filter";

    /// <summary>Anything else: HTTP 500, an empty completion, an unknown error.</summary>
    public const string ProviderError = "provider_error";

    public static IReadOnlyList<string> All { get; } = [Auth, RateLimited, ContextOverflow, Timeout, Unavailable, BadRequest, ContentFilter, ProviderError];
}

/// <summary>
/// A classified model failure. <see cref="Message"/> is the provider's own words where it gave any (trimmed to
/// 500 characters, secrets redacted), else a sentence of ours; <see cref="Hint"/> says what it means for the user.
/// </summary>
public sealed record ProviderFailure(string Reason, string Message, TimeSpan? RetryAfter = null)
{
    /// <summary>The HTTP status, when the failure came as one (an in-stream error has none).</summary>
    public int? Status { get; init; }

    /// <summary>Worth another attempt before the first token: rate limits (not quota), 5xx, unreachable, transport timeouts.</summary>
    public bool Retryable { get; init; }

    /// <summary>
    /// For a context overflow, the prompt size the server counted (llama.cpp's "request (N tokens)", OpenAI's and
    /// vLLM's "resulted in / requested N tokens"): feed it to <c>TokenEstimator.Observe</c> before compacting harder.
    /// </summary>
    public int? ReportedPromptTokens { get; init; }

    /// <summary>For a context overflow, the window the server says it has: use it when smaller than the configured one.</summary>
    public int? ReportedContextWindow { get; init; }

    /// <summary>Our sentence for the reason, naming the config key to check where there is one.</summary>
    public string Hint { get; init; } = "";

    /// <summary>One readable text for a chat error event: the hint, then the provider's words when they add something.</summary>
    public string Describe() => Hint.Length == 0 || Hint == Message ? Message : $"{Hint} The provider said: \"{Message}\"";
}

/// <summary>
/// A model call failed in a way the gateway understood. The provider pipeline (see <c>ChatClientFactory</c>) throws
/// only this (or <see cref="OperationCanceledException"/> for the caller's own cancellation), so the run loop can
/// catch it narrowly; any other exception is a bug. Its <see cref="ToString"/> (what a logger writes) is redacted
/// with <see cref="SecretRedactor.Redact"/>, inner exceptions included: the SDK's own exception quotes the provider's
/// raw error body, which may repeat the API key.
/// </summary>
public sealed class ProviderException(ProviderFailure failure, Exception? inner = null, string? secret = null) : Exception(failure.Describe(), inner)
{
    public ProviderFailure Failure { get; } = failure;

    public override string ToString() => SecretRedactor.Redact(base.ToString(), secret);
}
