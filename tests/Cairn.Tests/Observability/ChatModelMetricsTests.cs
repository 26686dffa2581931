using Cairn.Chat.Context;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Observability;

/// <summary>The model-facing chat metrics, scraped from <c>/metrics</c>: time to first token, tokens, errors by reason, compactions.</summary>
public sealed class ChatModelMetricsTests
{
    private static Task<TestGateway> StartAsync(string baseUrl, int contextWindow = 8192, int maxOutputTokens = 1024) => TestGateway.StartAsync(c => c with
    {
        Model = c.Model with
        {
            Provider = "openai", BaseUrl = baseUrl, Name = "fake-model", ApiKey = "sk-test", MaxRetries = 0,
            ContextWindow = contextWindow, MaxOutputTokens = maxOutputTokens,
        },
    });

    private static Task<ChatSendResult> SendAsync(TestGateway gw, string message) =>
        gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(message, "main", Wait: true));

    [Fact]
    public async Task AReply_RecordsTimeToFirstToken_AndTheReportedTokensInAndOut()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Chunks = ["one ", "two ", "three"];
        await using var gw = await StartAsync(fake.BaseUrl);

        await SendAsync(gw, "count to three");
        await SendAsync(gw, "again");
        var scrape = await gw.ScrapeAsync();

        Assert.Equal(2, scrape.Value("cairn_chat_time_to_first_token_seconds_count", ("provider", "openai")));
        Assert.Equal(2, scrape.Value("cairn_chat_time_to_first_token_seconds_bucket", ("provider", "openai"), ("le", "+Inf")));
        // The fake server reports 11 prompt tokens and one completion token per chunk.
        Assert.Equal(22, scrape.Value("cairn_chat_tokens_total", ("direction", "input"), ("source", "reported"), ("provider", "openai")));
        Assert.Equal(6, scrape.Value("cairn_chat_tokens_total", ("direction", "output"), ("source", "reported")));
        Assert.Equal(0, scrape.Value("cairn_chat_tokens_total", ("source", "estimated")));
    }

    [Fact]
    public async Task WithoutReportedUsage_TheTokensAreEstimated()
    {
        await using var mock = await MockLlmServer.StartAsync();
        await mock.ConfigureAsync("""
            streaming:
              chunkSize: 5
              chunkIntervalMs: 1
            rules:
              - path: /v1/chat/completions
                response:
                  status: 200
                  content: '{"id":"c1","model":"m","choices":[{"message":{"role":"assistant","content":"a reply of some words"},"finish_reason":"stop"}]}'
            """);
        await using var gw = await StartAsync(mock.BaseUrl);

        var sent = await SendAsync(gw, "hello there");
        var scrape = await gw.ScrapeAsync();

        Assert.Equal(SendStatus.Final, sent.Status);
        Assert.Equal(TokenEstimator.Count("a reply of some words"), scrape.Value("cairn_chat_tokens_total", ("direction", "output"), ("source", "estimated")));
        Assert.True(scrape.Value("cairn_chat_tokens_total", ("direction", "input"), ("source", "estimated")) > TokenEstimator.Count("hello there"));
        Assert.Equal(0, scrape.Value("cairn_chat_tokens_total", ("source", "reported")));
        Assert.Equal(1, scrape.Value("cairn_chat_time_to_first_token_seconds_count"));
    }

    [Fact]
    public async Task ProviderErrors_AreCountedByReason()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl);
        fake.Replies.Enqueue(FakeReply.Error(503, """{"error":{"message":"overloaded","type":"server_error"}}"""));
        fake.Replies.Enqueue(FakeReply.Error(400, FakeReply.LlamaCppOverflowBody));

        var down = await SendAsync(gw, "one");
        var recovered = await SendAsync(gw, "two"); // the overflow is recovered from: compaction, then one retry
        var scrape = await gw.ScrapeAsync();

        Assert.Equal(SendStatus.Error, down.Status);
        Assert.Equal(SendStatus.Final, recovered.Status);
        Assert.Equal(1, scrape.Value("cairn_chat_provider_errors_total", ("provider", "openai"), ("reason", "unavailable")));
        Assert.Equal(1, scrape.Value("cairn_chat_provider_errors_total", ("provider", "openai"), ("reason", "context_overflow")));
        Assert.Equal(2, scrape.Value("cairn_chat_provider_errors_total"));
        Assert.Equal(1, scrape.Value("cairn_chat_time_to_first_token_seconds_count")); // failed requests streamed no token
    }

    [Fact]
    public async Task Compactions_AreCountedByOutcome()
    {
        // Window 1000, 100 for output: compaction is due past 720 prompt tokens. The fake reports 11 prompt tokens,
        // which halves the gateway's estimates after the first reply (the correction's floor is 0.5).
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl, contextWindow: 1000, maxOutputTokens: 100);
        var first = string.Concat(Enumerable.Repeat(" alpha", 700));
        var second = string.Concat(Enumerable.Repeat(" bravo", 800));
        Assert.InRange(TokenEstimator.Count(first), 650, 710);
        Assert.InRange(TokenEstimator.Count(second), 750, 810);

        await SendAsync(gw, first);
        var none = await gw.ScrapeAsync();
        fake.Replies.Enqueue(FakeReply.Error(500, """{"error":{"message":"summariser down","type":"server_error"}}"""));
        await SendAsync(gw, second);   // the compaction request gets the 500
        var failed = await gw.ScrapeAsync();
        await SendAsync(gw, "and now?"); // due again; this time the summary is written
        var ok = await gw.ScrapeAsync();

        Assert.Equal(0, none.Value("cairn_chat_compactions_total"));
        Assert.Equal(1, failed.Value("cairn_chat_compactions_total", ("outcome", "failed")));
        Assert.Equal(0, failed.Value("cairn_chat_compactions_total", ("outcome", "ok")));
        Assert.Equal(1, ok.Value("cairn_chat_compactions_total", ("outcome", "ok")));
        Assert.Equal(1, ok.Value("cairn_chat_compactions_total", ("outcome", "failed")));
    }
}
