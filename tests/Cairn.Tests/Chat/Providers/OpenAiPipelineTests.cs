using Cairn.Chat.Providers;
using Cairn.Config;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;

namespace Cairn.Tests.Chat.Providers;

/// <summary>
/// The real OpenAI provider (<see cref="ChatClientFactory.Create"/>: SDK + decorators) against a real loopback
/// server, on a hand-driven clock: retries, Retry-After, in-stream errors, empty and broken streams, a frozen
/// server, overflow bodies. Request counts show that the SDK's own retries are off.
/// </summary>
public sealed class OpenAiPipelineTests : IAsyncLifetime
{
    private const string Key = "sk-test-secret-key-123";
    private readonly TimerClock _clock = new();
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IChatClient Client(Func<ModelConfig, ModelConfig>? configure = null)
    {
        var model = CairnConfig.Default.Model with { Provider = "openai", BaseUrl = _server.BaseUrl, Name = "fake-model", ApiKey = Key };
        return ChatClientFactory.Create(configure?.Invoke(model) ?? model, _ => null, _clock);
    }

    private static async Task<ProviderFailure> FailsAsync(Task call) =>
        (await Assert.ThrowsAsync<ProviderException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)))).Failure;

    [Fact]
    public async Task Http500_ThenSuccess_IsRetriedOnce()
    {
        _server.Replies.Enqueue(FakeReply.Error(500, """{"error":{"message":"boom","type":"server_error"}}"""));
        var seen = new List<string>();
        var call = TimeoutChatClientTests.Collect(Client(), seen);

        var backOff = await _clock.WaitForTimerAsync(d => d <= TimeSpan.FromSeconds(1));
        Assert.InRange(backOff, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        _clock.Advance(backOff);
        await call;

        Assert.Equal("Hello, world!", string.Concat(seen));
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Http429_WithRetryAfter_WaitsExactlyThatLong()
    {
        _server.Replies.Enqueue(FakeReply.Error(429, """{"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}}""",
            new Dictionary<string, string> { ["Retry-After"] = "3" }));
        var call = TimeoutChatClientTests.Collect(Client());

        Assert.Equal(TimeSpan.FromSeconds(3), await _clock.WaitForTimerAsync(d => d < TimeSpan.FromSeconds(60)));
        _clock.Advance(TimeSpan.FromSeconds(3));
        await call;

        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task RetriesStopAtMaxRetries_AndTheLastFailureCarriesTheProvidersMessage()
    {
        for (var i = 0; i < 5; i++)
        {
            _server.Replies.Enqueue(FakeReply.Error(503, """{"error":{"message":"Loading model","code":503}}"""));
        }

        var call = TimeoutChatClientTests.Collect(Client(m => m with { MaxRetries = 1 }));
        _clock.Advance(await _clock.WaitForTimerAsync(d => d <= TimeSpan.FromSeconds(1)));

        var failure = await FailsAsync(call);
        Assert.Equal(ProviderReasons.Unavailable, failure.Reason);
        Assert.Equal("Loading model", failure.Message);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task AnErrorInsideA200Stream_IsAProviderFailure_AfterTheTextBeforeIt()
    {
        _server.Replies.Enqueue(FakeReply.InStreamError("""{"error":{"message":"The model produced invalid content.","type":"invalid_request_error"}}""", "Hel", "lo"));
        var seen = new List<string>();

        var failure = await FailsAsync(TimeoutChatClientTests.Collect(Client(), seen));

        Assert.Equal(ProviderReasons.BadRequest, failure.Reason);
        Assert.Equal("The model produced invalid content.", failure.Message);
        Assert.Equal(["Hel", "lo"], seen);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task AnEmptyCompletion_IsAFailure_NotAnEmptyReply()
    {
        _server.Replies.Enqueue(FakeReply.Empty);

        var failure = await FailsAsync(TimeoutChatClientTests.Collect(Client()));

        Assert.Equal(ProviderReasons.ProviderError, failure.Reason);
        Assert.Contains("empty reply", failure.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task AStreamCutMidReply_FailsUnavailable_AfterThePartialText()
    {
        var cut = new TaskCompletionSource();
        _server.Replies.Enqueue(FakeReply.Cut(2, "Once ", "upon ", "a time") with { CutWhen = cut.Task });
        var seen = new List<string>();
        await using var updates = Client().GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "a story")]).GetAsyncEnumerator();
        while (seen.Count < 2 && await updates.MoveNextAsync())
        {
            seen.Add(updates.Current.Text);
        }

        cut.SetResult();

        var failure = await FailsAsync(Drain(updates));
        Assert.Equal(ProviderReasons.Unavailable, failure.Reason);
        Assert.Equal(["Once ", "upon "], seen);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task AStreamEndingWithoutAFinishReason_FailsUnavailable_AfterThePartialText()
    {
        _server.Replies.Enqueue(new FakeReply { Chunks = ["Once ", "upon "], EndEarly = true });
        var seen = new List<string>();

        var failure = await FailsAsync(TimeoutChatClientTests.Collect(Client(), seen));

        Assert.Equal(ProviderReasons.Unavailable, failure.Reason);
        Assert.Contains("ended before the reply was finished", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["Once ", "upon "], seen);
    }

    private static async Task Drain(IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        while (await updates.MoveNextAsync())
        {
        }
    }

    [Fact]
    public async Task AFrozenServer_TimesOutAtTheFirstTokenTimeout_WithOneRequest()
    {
        _server.Replies.Enqueue(FakeReply.Frozen);
        var call = TimeoutChatClientTests.Collect(Client(m => m with { FirstTokenTimeoutSeconds = 10, TimeoutSeconds = 30, MaxRetries = 2 }));
        await _server.RequestArrived.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await _clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromSeconds(10));

        var failure = await FailsAsync(call);
        Assert.Equal(ProviderReasons.Timeout, failure.Reason);
        Assert.Contains("no first token within 10 s", failure.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task AServerThatStallsMidStream_TimesOutAtTheIdleTimeout()
    {
        _server.Hold = true;
        var seen = new List<string>();
        var call = TimeoutChatClientTests.Collect(Client(m => m with { IdleTimeoutSeconds = 4 }), seen);
        await _server.FirstChunkSent.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await _clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(4));
        _clock.Advance(TimeSpan.FromSeconds(4));

        var failure = await FailsAsync(call);
        Assert.Contains("model.idleTimeoutSeconds", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["Hello"], seen);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(FakeReply.OpenAiOverflowBody, "This model's maximum context length is 8192 tokens. However, your messages resulted in 9012 tokens. Please reduce the length of the messages.")]
    [InlineData(FakeReply.LlamaCppOverflowBody, "request (180 tokens) exceeds the available context size (128 tokens), try increasing it")]
    public async Task OverflowBodies_AreContextOverflow_WithTheProvidersMessage_AndNotRetried(string body, string message)
    {
        _server.Replies.Enqueue(FakeReply.Error(400, body));

        var failure = await FailsAsync(TimeoutChatClientTests.Collect(Client()));

        Assert.Equal(ProviderReasons.ContextOverflow, failure.Reason);
        Assert.Equal(message, failure.Message);
        Assert.Equal(400, failure.Status);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task AWindowEnforcingServer_RefusesALongPrompt_AndReportsItsOwnCount()
    {
        _server.EnforcedWindow = 60;
        var client = Client();

        var failure = await FailsAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, new string('x', 400))]).ToListAsync().AsTask());
        var ok = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "short")]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ProviderReasons.ContextOverflow, failure.Reason);
        Assert.Contains("exceeds the available context size (60 tokens)", failure.Message, StringComparison.Ordinal);
        Assert.Equal(_server.PromptTokens.Last(), ok.Usage?.InputTokenCount);
        Assert.Equal([107, 9], _server.PromptTokens);
    }

    [Fact]
    public async Task MaxOutputTokens_ReachesTheServer()
    {
        await Client().GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { MaxOutputTokens = 123 }).ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        var request = _server.Requests.Last();
        Assert.Equal(123, (request["max_completion_tokens"] ?? request["max_tokens"])!.GetValue<int>());
    }

    [Fact]
    public async Task FailuresAndRecovery_AreRecordedInTheClientsHealth_WithoutTheKey()
    {
        var client = Client(m => m with { MaxRetries = 0 });
        var health = client.GetService<ProviderHealth>()!;
        _server.Replies.Enqueue(FakeReply.Error(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{Key}}}","code":"invalid_api_key"}}"""));

        var failure = await FailsAsync(TimeoutChatClientTests.Collect(client));
        Assert.Equal(ProviderHealthStatus.Degraded, health.Status.State);
        Assert.Equal(ProviderReasons.Auth, health.Status.Reason);
        Assert.DoesNotContain(Key, failure.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, health.Status.Message, StringComparison.Ordinal);

        await TimeoutChatClientTests.Collect(client);
        Assert.Equal(ProviderHealthStatus.Ok, health.Status.State);
    }
}
