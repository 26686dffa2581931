using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Cairn.Chat.Providers;

/// <summary>
/// Classifies any provider failure (an exception of the SDK or the transport, an HTTP error body, an in-stream
/// error object) into a <see cref="ProviderFailure"/> with a reason code from <see cref="ProviderReasons"/> and the
/// provider's own message, trimmed and without secrets.
/// </summary>
public static partial class ProviderErrors
{
    /// <summary>One readable sentence for the chat error event. Never includes keys.</summary>
    public static string Describe(Exception error) => Classify(error).Describe();

    /// <summary>Classifies an exception; <paramref name="secret"/> (the API key) is redacted from every text.</summary>
    public static ProviderFailure Classify(Exception error, string? secret = null, TimeProvider? time = null)
    {
        // Transport failures arrive wrapped (ClientResultException → HttpRequestException → SocketException):
        // the innermost one that says what happened wins.
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ProviderException known:
                    return known.Failure;
                case ClientResultException { Status: > 0 } http:
                    return FromResponse(http.Status, Body(http), RetryAfter(http.GetRawResponse(), time ?? TimeProvider.System), secret);
                case TimeoutException or TaskCanceledException:
                    return Failure(ProviderReasons.Timeout, null, "The model provider did not answer in time (model.timeoutSeconds).", retryable: true);
                case SocketException or HttpRequestException { InnerException: SocketException }:
                    return Failure(ProviderReasons.Unavailable, null,
                        "Could not reach the model provider (connection refused or no route). Is model.baseUrl right and the server running?", retryable: true);
                case HttpRequestException { StatusCode: { } status }:
                    return FromResponse((int)status, null, null, secret);
                case HttpRequestException { InnerException: null } request:
                    return Failure(ProviderReasons.Unavailable, SecretRedactor.Clean(request.Message, secret), "Could not talk to the model provider.", retryable: true);
                case IOException:
                    return Failure(ProviderReasons.Unavailable, null, "The connection to the model provider broke off mid-reply.", retryable: true);
            }
        }

        return Failure(ProviderReasons.ProviderError, null, "The model provider failed unexpectedly; the gateway log has details.", retryable: false);
    }

    /// <summary>Classifies an HTTP error (status and body), or an in-stream error object (status null).</summary>
    public static ProviderFailure FromResponse(int? status, string? body, TimeSpan? retryAfter, string? secret = null)
    {
        var parsed = ProviderErrorBody.Parse(body);
        status ??= parsed.NumericCode is >= 400 and < 600 ? parsed.NumericCode : null;
        var message = parsed.Message is { Length: > 0 } m ? SecretRedactor.Clean(m, secret) : null;
        var http = status is { } s ? string.Create(CultureInfo.InvariantCulture, $"HTTP {s}") : "in the stream";
        var (reason, hint, retryable) = Decide(status, parsed.Haystack, http);
        var failure = Failure(reason, message, hint, retryable) with { Status = status, RetryAfter = retryAfter };
        return reason == ProviderReasons.ContextOverflow && message is not null ? WithOverflowNumbers(failure, message) : failure;
    }

    private static ProviderFailure WithOverflowNumbers(ProviderFailure failure, string message)
    {
        if (LlamaCppSizes().Match(message) is { Success: true } llama)
        {
            return failure with { ReportedPromptTokens = Number(llama.Groups[1]), ReportedContextWindow = Number(llama.Groups[2]) };
        }

        return OpenAiSizes().Match(message) is { Success: true } openAi
            ? failure with { ReportedContextWindow = Number(openAi.Groups[1]), ReportedPromptTokens = Number(openAi.Groups[3].Success ? openAi.Groups[3] : openAi.Groups[2]) }
            : failure;
    }

    private static int? Number(Group group) => int.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static (string Reason, string Hint, bool Retryable) Decide(int? status, string haystack, string http)
    {
        if (Overflow().IsMatch(haystack))
        {
            return (ProviderReasons.ContextOverflow, $"The conversation is too long for the model's context window ({http}).", false);
        }

        if (ContentFilter().IsMatch(haystack))
        {
            return (ProviderReasons.ContentFilter, $"The model provider's content filter stopped the reply ({http}).", false);
        }

        if (status is 401 or 403 || (status is null && Auth().IsMatch(haystack)))
        {
            return (ProviderReasons.Auth, "The model provider refused the API key (HTTP 401/403). Check model.apiKey or OPENAI_API_KEY.", false);
        }

        if (status == 429 || RateLimit().IsMatch(haystack))
        {
            // A spent quota does not come back in a few seconds; a rate limit does.
            return (ProviderReasons.RateLimited, $"The model provider is rate limiting or out of quota ({http}). Try again in a moment.",
                !haystack.Contains("quota", StringComparison.Ordinal));
        }

        return status switch
        {
            408 or 504 => (ProviderReasons.Timeout, $"The model provider did not answer in time ({http}).", true),
            502 or 503 => (ProviderReasons.Unavailable, $"The model provider is unavailable ({http}). Try again later.", true),
            404 => (ProviderReasons.BadRequest, "The model provider does not know this model or endpoint (HTTP 404). Check model.name and model.baseUrl.", false),
            >= 400 and < 500 => (ProviderReasons.BadRequest, $"The model provider rejected the request ({http}).", false),
            null when Overloaded().IsMatch(haystack) => (ProviderReasons.Unavailable, $"The model provider is unavailable ({http}). Try again later.", true),
            null when haystack.Contains("invalid_request", StringComparison.Ordinal) => (ProviderReasons.BadRequest, $"The model provider rejected the request ({http}).", false),
            _ => (ProviderReasons.ProviderError, $"The model provider failed ({http}). Try again later.", true),
        };
    }

    /// <summary>The wait a response asks for: <c>retry-after-ms</c> (OpenAI), else <c>Retry-After</c> in seconds or as an HTTP date.</summary>
    public static TimeSpan? RetryAfter(PipelineResponse? response, TimeProvider time)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value) || value is null)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (at - time.GetUtcNow()) is { Ticks: > 0 } wait ? wait : TimeSpan.Zero
            : null;
    }

    private static ProviderFailure Failure(string reason, string? message, string hint, bool retryable) =>
        new(reason, message ?? hint) { Hint = hint, Retryable = retryable };

    private static string? Body(ClientResultException error)
    {
        try
        {
            if (error.GetRawResponse()?.Content is { } content)
            {
                return content.ToString();
            }
        }
        catch (InvalidOperationException)
        {
            // A streamed response whose body was never buffered: the exception's own text still carries it.
        }

        var at = error.Message.IndexOf("Content:", StringComparison.Ordinal);
        return at < 0 ? null : error.Message[(at + "Content:".Length)..].Split("\nHeaders:", 2)[0].Trim();
    }

    [GeneratedRegex(@"context_length_exceeded|exceed_context_size|exceeds? the (available )?context (size|length|window)|maximum context length|context (length|window) (exceeded|is exceeded)|prompt (is )?too long|too many tokens|input length exceeds|reduce the length of the messages|exceeds? max context")]
    private static partial Regex Overflow();

    [GeneratedRegex(@"request \((\d+) tokens\) exceeds the available context size \((\d+) tokens\)")]
    private static partial Regex LlamaCppSizes();

    [GeneratedRegex(@"maximum context length is (\d+) tokens\. However, (?:your messages resulted in|you requested) (\d+) tokens(?: \((\d+) in the messages)?")]
    private static partial Regex OpenAiSizes();

    [GeneratedRegex(@"content_filter|content_policy|content management policy|responsibleaipolicyviolation|safety system")]
    private static partial Regex ContentFilter();

    [GeneratedRegex(@"invalid_api_key|incorrect api key|authentication|unauthori[sz]ed|permission_denied|invalid api key")]
    private static partial Regex Auth();

    [GeneratedRegex(@"rate_limit|rate limit|insufficient_quota|exceeded your current quota|too many requests")]
    private static partial Regex RateLimit();

    [GeneratedRegex(@"overloaded|unavailable|server_busy|try again later")]
    private static partial Regex Overloaded();
}
