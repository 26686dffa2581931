using System.Net.Sockets;
using Cairn.Chat.Providers;
using Cairn.Tests.Support;

namespace Cairn.Tests.Chat.Providers;

/// <summary>Classification of provider error bodies and exceptions into reason codes, with the provider's own words.</summary>
public sealed class ProviderErrorsTests
{
    [Theory]
    [InlineData(400, FakeReply.OpenAiOverflowBody, "This model's maximum context length is 8192 tokens")]
    [InlineData(400, FakeReply.LlamaCppOverflowBody, "request (180 tokens) exceeds the available context size (128 tokens)")]
    [InlineData(400, """{"object":"error","message":"This model's maximum context length is 2048 tokens. However, you requested 2100 tokens (1900 in the messages, 200 in the completion). Please reduce the length of the messages or completion.","type":"BadRequestError","param":null,"code":400}""", "maximum context length is 2048")]
    [InlineData(500, """{"error":{"message":"prompt too long; exceeded max context length by 42 tokens","type":"api_error"}}""", "exceeded max context length by 42")]
    [InlineData(400, """{"error":"input length exceeds the context length"}""", "input length exceeds the context length")]
    public void OverflowBodies_AreContextOverflow_WithTheProvidersMessage(int status, string body, string expected)
    {
        var failure = ProviderErrors.FromResponse(status, body, null);

        Assert.Equal(ProviderReasons.ContextOverflow, failure.Reason);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.False(failure.Retryable);
        Assert.Equal(status, failure.Status);
    }

    [Theory]
    [InlineData(FakeReply.OpenAiOverflowBody, 9012, 8192)]
    [InlineData(FakeReply.LlamaCppOverflowBody, 180, 128)]
    [InlineData("""{"object":"error","message":"This model's maximum context length is 2048 tokens. However, you requested 2100 tokens (1900 in the messages, 200 in the completion).","code":400}""", 1900, 2048)]
    [InlineData("""{"error":"input length exceeds the context length"}""", null, null)]
    public void OverflowBodies_CarryTheServersCounts_WhereItGivesThem(string body, int? prompt, int? window)
    {
        var failure = ProviderErrors.FromResponse(400, body, null);

        Assert.Equal((prompt, window), (failure.ReportedPromptTokens, failure.ReportedContextWindow));
    }

    [Theory]
    [InlineData(401, """{"error":{"message":"Incorrect API key provided: sk-proj-abcdefghijklmnop. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","code":"invalid_api_key"}}""", "auth", false)]
    [InlineData(403, """{"error":{"message":"forbidden"}}""", "auth", false)]
    [InlineData(429, """{"error":{"message":"Rate limit reached for gpt-4o-mini","type":"requests","code":"rate_limit_exceeded"}}""", "rate_limited", true)]
    [InlineData(429, """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","code":"insufficient_quota"}}""", "rate_limited", false)]
    [InlineData(400, """{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","code":"content_filter"}}""", "content_filter", false)]
    [InlineData(400, """{"error":{"message":"Conversation roles must alternate user/assistant/user/assistant/..."}}""", "bad_request", false)]
    [InlineData(404, """{"error":{"message":"The model `gpt-9` does not exist","code":"model_not_found"}}""", "bad_request", false)]
    [InlineData(408, "", "timeout", true)]
    [InlineData(504, "<html>Gateway Timeout</html>", "timeout", true)]
    [InlineData(502, "Bad Gateway", "unavailable", true)]
    [InlineData(503, """{"error":{"message":"Loading model","type":"unavailable_error","code":503}}""", "unavailable", true)]
    [InlineData(500, """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}""", "provider_error", true)]
    public void HttpErrors_GetTheirReason(int status, string body, string reason, bool retryable)
    {
        var failure = ProviderErrors.FromResponse(status, body, null);

        Assert.Equal(reason, failure.Reason);
        Assert.Equal(retryable, failure.Retryable);
        Assert.Contains(failure.Reason, ProviderReasons.All);
    }

    [Theory]
    [InlineData("""{"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}""", "provider_error", true)]
    [InlineData("""{"error":{"code":500,"message":"llama_decode failed","type":"server_error"}}""", "provider_error", true)]
    [InlineData("""{"error":{"message":"Rate limit reached","type":"tokens","code":"rate_limit_exceeded"}}""", "rate_limited", true)]
    [InlineData("""{"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}}""", "auth", false)]
    [InlineData("""{"error":{"code":400,"message":"request (3000 tokens) exceeds the available context size (2048 tokens)","type":"exceed_context_size_error"}}""", "context_overflow", false)]
    public void InStreamErrors_HaveNoStatus_ButStillAReason(string body, string reason, bool retryable)
    {
        var failure = ProviderErrors.FromResponse(null, body, null);

        Assert.Equal(reason, failure.Reason);
        Assert.Equal(retryable, failure.Retryable);
        Assert.DoesNotContain("{", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_AreNeverEchoed()
    {
        const string body = """{"error":{"message":"Incorrect API key provided: sk-live-1234567890abcdef. Header was Authorization: Bearer abc.def.ghi and api_key=hunter2hunter2; configured key my-own-secret-key"}}""";

        var failure = ProviderErrors.FromResponse(401, body, null, secret: "my-own-secret-key");

        Assert.DoesNotContain("1234567890abcdef", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc.def.ghi", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("my-own-secret-key", failure.Describe(), StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided: sk-***", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALongMessage_IsTrimmedTo500Characters()
    {
        var failure = ProviderErrors.FromResponse(500, $$$"""{"error":{"message":"{{{new string('x', 5000)}}}"}}""", null);

        Assert.Equal(SecretRedactor.MaxLength, failure.Message.Length);
        Assert.EndsWith("…", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APlainTextBody_IsTheMessage()
    {
        var failure = ProviderErrors.FromResponse(502, "upstream connect error or disconnect/reset before headers", null);

        Assert.Equal("upstream connect error or disconnect/reset before headers", failure.Message);
        Assert.Contains("HTTP 502", failure.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void TransportExceptions_AreClassified()
    {
        Assert.Equal(ProviderReasons.Unavailable, ProviderErrors.Classify(new HttpRequestException("refused", new SocketException(111))).Reason);
        Assert.Equal(ProviderReasons.Unavailable, ProviderErrors.Classify(new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.")).Reason);
        Assert.Equal(ProviderReasons.Timeout, ProviderErrors.Classify(new TaskCanceledException("timed out", new TimeoutException())).Reason);
        Assert.Equal(ProviderReasons.ProviderError, ProviderErrors.Classify(new InvalidOperationException("surprise")).Reason);
        var known = new ProviderFailure(ProviderReasons.Auth, "no");
        Assert.Same(known, ProviderErrors.Classify(new InvalidOperationException("wrapped", new ProviderException(known))));
    }

    [Fact]
    public void DescribeKeepsTheHint_AndAddsTheProvidersWords()
    {
        var failure = ProviderErrors.FromResponse(429, """{"error":{"message":"Slow down"}}""", TimeSpan.FromSeconds(7));

        Assert.Equal("The model provider is rate limiting or out of quota (HTTP 429). Try again in a moment. The provider said: \"Slow down\"", failure.Describe());
        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
    }
}
