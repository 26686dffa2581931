using Cairn.Chat.Providers;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Chat.Providers;

/// <summary>Retries before the first token only, for retryable reasons, with back-off and Retry-After on a hand-driven clock.</summary>
public sealed class RetryingChatClientTests
{
    private static readonly ProviderRetryPolicy Policy = new(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(30));
    private readonly TimerClock _clock = new();
    private readonly ScriptedChatClient _model = new();

    private static ProviderException Unavailable(TimeSpan? retryAfter = null) =>
        new(new ProviderFailure(ProviderReasons.Unavailable, "down", retryAfter) { Retryable = true });

    private RetryingChatClient Client(double jitter = 0.5) => new(_model, Policy, _clock, NullLogger.Instance, () => jitter);

    [Fact]
    public async Task ARetryableFailure_IsRetriedAfterTheBackOff_AndTheCallerSeesOnlyTheGoodReply()
    {
        _model.Scripts.AddRange([ScriptedChatClient.Fails(Unavailable(), new ChatResponseUpdate { Role = ChatRole.Assistant }), ScriptedChatClient.Says("fine")]);
        var seen = new List<string>();
        var call = TimeoutChatClientTests.Collect(Client(jitter: 0), seen);

        var wait = await _clock.WaitForTimerAsync(_ => true);
        Assert.Equal(TimeSpan.FromMilliseconds(500), wait);
        _clock.Advance(wait);
        await call;

        Assert.Equal(2, _model.Calls);
        Assert.Equal(["fine"], seen);
    }

    [Fact]
    public async Task BackOff_DoublesWithJitter_AndStopsAfterMaxRetries()
    {
        _model.Scripts.Add(ScriptedChatClient.Fails(Unavailable()));
        var call = TimeoutChatClientTests.Collect(Client(jitter: 1));

        var first = await _clock.WaitForTimerAsync(_ => true);
        _clock.Advance(first);
        var second = await _clock.WaitForTimerAsync(_ => true);
        _clock.Advance(second);

        await Assert.ThrowsAsync<ProviderException>(() => call);
        Assert.Equal(TimeSpan.FromSeconds(1), first);
        Assert.Equal(TimeSpan.FromSeconds(2), second);
        Assert.Equal(3, _model.Calls);
    }

    [Fact]
    public async Task RetryAfter_IsWaitedExactly()
    {
        _model.Scripts.AddRange([ScriptedChatClient.Fails(Unavailable(TimeSpan.FromSeconds(7))), ScriptedChatClient.Says("ok")]);
        var call = TimeoutChatClientTests.Collect(Client());

        Assert.Equal(TimeSpan.FromSeconds(7), await _clock.WaitForTimerAsync(_ => true));
        _clock.Advance(TimeSpan.FromSeconds(7));
        await call;

        Assert.Equal(2, _model.Calls);
    }

    [Fact]
    public async Task ARetryAfterLongerThanTheWaitLimit_IsNotWaitedFor()
    {
        _model.Scripts.Add(ScriptedChatClient.Fails(Unavailable(TimeSpan.FromMinutes(5))));

        var error = await Assert.ThrowsAsync<ProviderException>(() => TimeoutChatClientTests.Collect(Client()));

        Assert.Equal(TimeSpan.FromMinutes(5), error.Failure.RetryAfter);
        Assert.Equal(1, _model.Calls);
    }

    [Fact]
    public async Task ANonRetryableFailure_IsNotRetried()
    {
        _model.Scripts.Add(ScriptedChatClient.Fails(new ProviderException(new ProviderFailure(ProviderReasons.Auth, "bad key"))));

        await Assert.ThrowsAsync<ProviderException>(() => TimeoutChatClientTests.Collect(Client()));

        Assert.Equal(1, _model.Calls);
    }

    [Fact]
    public async Task AFailureAfterTheFirstToken_IsNotRetried_AndTheTextStaysDelivered()
    {
        _model.Scripts.AddRange([ScriptedChatClient.Fails(Unavailable(), ScriptedChatClient.TextUpdate("partial")), ScriptedChatClient.Says("again")]);
        var seen = new List<string>();

        await Assert.ThrowsAsync<ProviderException>(() => TimeoutChatClientTests.Collect(Client(), seen));

        Assert.Equal(["partial"], seen);
        Assert.Equal(1, _model.Calls);
    }

    [Fact]
    public async Task ANonStreamingCall_IsRetriedToo()
    {
        _model.Scripts.AddRange([ScriptedChatClient.Fails(Unavailable()), ScriptedChatClient.Says("summary")]);
        var call = Client().GetResponseAsync([new ChatMessage(ChatRole.User, "x")]);

        _clock.Advance(await _clock.WaitForTimerAsync(_ => true));

        Assert.Equal("summary", (await call).Text);
    }

    [Fact]
    public void Policy_FromConfig_UsesMaxRetriesAndWaitsAtMostTheFirstTokenTimeout()
    {
        var policy = ProviderRetryPolicy.From(Cairn.Config.CairnConfig.Default.Model with { MaxRetries = 3, FirstTokenTimeoutSeconds = 20 });

        Assert.Equal(3, policy.MaxRetries);
        Assert.Null(policy.Delay(1, TimeSpan.FromSeconds(21), 0.5));
        Assert.Equal(TimeSpan.FromSeconds(20), policy.Delay(1, TimeSpan.FromSeconds(20), 0.5));
        Assert.Equal(TimeSpan.FromSeconds(8), policy.Delay(10, null, 1));
    }
}
