using Cairn.Chat.Providers;
using Cairn.Config;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;

namespace Cairn.Tests.Chat.Providers;

/// <summary>One mock-llm process for the class; each test replaces its rules (and sequence counters).</summary>
public sealed class MockLlmFixture : IAsyncLifetime
{
    public MockLlmServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await MockLlmServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The real OpenAI provider against the third-party mock server @dwmkerr/mock-llm.</summary>
public sealed class MockLlmTests(MockLlmFixture mock) : IClassFixture<MockLlmFixture>
{
    private const string Ok = """
          - path: /v1/chat/completions
            response:
              status: 200
              content: '{"id":"c1","model":"m","choices":[{"message":{"role":"assistant","content":"{{reply}}"},"finish_reason":"stop"}]}'
        """;

    private const string ServerError = """
          - path: /v1/chat/completions
            {{when}}
            response:
              status: 500
              content: '{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}'
        """;

    private readonly TimerClock _clock = new();

    private IChatClient Client(TimeProvider? time = null, Func<ModelConfig, ModelConfig>? configure = null)
    {
        var model = CairnConfig.Default.Model with { Provider = "openai", BaseUrl = mock.Server.BaseUrl, Name = "m", ApiKey = "sk-mock" };
        return ChatClientFactory.Create(configure?.Invoke(model) ?? model, _ => null, time ?? _clock);
    }

    private static string Rules(int chunkSize, int intervalMs, params string[] rules) =>
        $"streaming:\n  chunkSize: {chunkSize}\n  chunkIntervalMs: {intervalMs}\nrules:\n" + string.Join("\n", rules);

    [Fact]
    public async Task AStreamedErrorObject_IsAProviderFailure_WithItsMessage()
    {
        await mock.Server.ConfigureAsync(Rules(50, 1, ServerError.Replace("{{when}}", "", StringComparison.Ordinal)));

        var call = TimeoutChatClientTests.Collect(Client(configure: m => m with { MaxRetries = 0 }));

        var failure = (await Assert.ThrowsAsync<ProviderException>(() => call)).Failure;
        Assert.Equal(ProviderReasons.ProviderError, failure.Reason);
        Assert.Null(failure.Status);
        Assert.Equal("The server had an error while processing your request.", failure.Message);
    }

    [Fact]
    public async Task AStreamedServerErrorBeforeTheFirstToken_IsRetried()
    {
        await mock.Server.ConfigureAsync(Rules(50, 1,
            Ok.Replace("{{reply}}", "second time lucky", StringComparison.Ordinal),
            ServerError.Replace("{{when}}", "sequence: 0", StringComparison.Ordinal)));
        var seen = new List<string>();

        var call = TimeoutChatClientTests.Collect(Client(), seen);
        _clock.Advance(await _clock.WaitForTimerAsync(d => d <= TimeSpan.FromSeconds(1)));
        await call;

        Assert.Equal("second time lucky", string.Concat(seen));
    }

    [Fact]
    public async Task AnHttp500ThenSuccess_OfANonStreamedCall_IsRetried()
    {
        await mock.Server.ConfigureAsync(Rules(50, 1,
            Ok.Replace("{{reply}}", "summary text", StringComparison.Ordinal),
            ServerError.Replace("{{when}}", "sequence: 0", StringComparison.Ordinal)));

        var call = Client().GetResponseAsync([new ChatMessage(ChatRole.User, "summarise")]);
        _clock.Advance(await _clock.WaitForTimerAsync(d => d <= TimeSpan.FromSeconds(1)));

        Assert.Equal("summary text", (await call).Text);
    }

    [Fact]
    public async Task ALongReply_ArrivesWhole_InManyChunks()
    {
        var reply = string.Join(' ', Enumerable.Range(1, 400).Select(i => $"w{i}"));
        await mock.Server.ConfigureAsync(Rules(37, 0, Ok.Replace("{{reply}}", reply, StringComparison.Ordinal)));
        var seen = new List<string>();

        await TimeoutChatClientTests.Collect(Client(), seen);

        Assert.Equal(reply, string.Concat(seen));
        Assert.True(seen.Count > 40, $"{seen.Count} chunks");
    }

    [Fact]
    public async Task SlowChunks_WithinTheIdleTimeout_AreNotATimeout_EvenWhenTheWholeReplyTakesLonger()
    {
        // Real time here: 12 chunks 250 ms apart take 3 s, longer than the 2 s idle (and first-token) timeout,
        // so the call only succeeds if every chunk restarts the idle timer.
        await mock.Server.ConfigureAsync(Rules(1, 250, Ok.Replace("{{reply}}", "abcdefghijkl", StringComparison.Ordinal)));
        var seen = new List<string>();

        await TimeoutChatClientTests.Collect(Client(TimeProvider.System, m => m with { FirstTokenTimeoutSeconds = 2, IdleTimeoutSeconds = 2 }), seen);

        Assert.Equal("abcdefghijkl", string.Concat(seen));
    }
}
