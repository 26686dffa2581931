using Cairn.Chat.Providers;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Chat.Providers;

/// <summary>Replies that only look successful become failures; the health decorator classifies and records.</summary>
public sealed class StreamGuardChatClientTests
{
    private readonly ScriptedChatClient _model = new();

    [Fact]
    public async Task AnEmptyCompletion_IsAFailure()
    {
        _model.Scripts.Add((_, _, ct) => ScriptedChatClient.Stream(ct, new ChatResponseUpdate { Role = ChatRole.Assistant }, ScriptedChatClient.Finish()));

        var failure = (await Assert.ThrowsAsync<ProviderException>(() => TimeoutChatClientTests.Collect(new StreamGuardChatClient(_model)))).Failure;

        Assert.Equal(ProviderReasons.ProviderError, failure.Reason);
        Assert.Contains("empty reply", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStreamEndingWithoutAFinishReason_FailsUnavailable_AfterItsText()
    {
        _model.Scripts.Add((_, _, ct) => ScriptedChatClient.Stream(ct, ScriptedChatClient.TextUpdate("half a "), ScriptedChatClient.TextUpdate("sentence")));
        var seen = new List<string>();

        var failure = (await Assert.ThrowsAsync<ProviderException>(() => TimeoutChatClientTests.Collect(new StreamGuardChatClient(_model), seen))).Failure;

        Assert.Equal(ProviderReasons.Unavailable, failure.Reason);
        Assert.Equal(["half a ", "sentence"], seen);
    }

    [Fact]
    public async Task AContentFilterFinish_IsAContentFilterFailure()
    {
        _model.Scripts.Add((_, _, ct) => ScriptedChatClient.Stream(ct, ScriptedChatClient.TextUpdate("I"), ScriptedChatClient.Finish(ChatFinishReason.ContentFilter)));

        var failure = (await Assert.ThrowsAsync<ProviderException>(() => TimeoutChatClientTests.Collect(new StreamGuardChatClient(_model)))).Failure;

        Assert.Equal(ProviderReasons.ContentFilter, failure.Reason);
    }

    [Fact]
    public async Task AToolCallWithoutText_IsContent()
    {
        _model.Scripts.Add((_, _, ct) => ScriptedChatClient.Stream(ct,
            new ChatResponseUpdate { Role = ChatRole.Assistant, Contents = [new FunctionCallContent("c1", "lookup")] }, ScriptedChatClient.Finish(ChatFinishReason.ToolCalls)));

        await TimeoutChatClientTests.Collect(new StreamGuardChatClient(_model));
    }

    [Fact]
    public async Task HealthDecorator_ClassifiesAnyFailure_RecordsIt_AndRecoversOnSuccess()
    {
        var clock = new ManualTimeProvider();
        var health = new ProviderHealth(clock);
        _model.Scripts.AddRange([ScriptedChatClient.Fails(new HttpRequestException("refused", new System.Net.Sockets.SocketException(111))), ScriptedChatClient.Says("ok")]);
        var client = new ProviderHealthChatClient(_model, health, clock, NullLogger.Instance);

        var failure = (await Assert.ThrowsAsync<ProviderException>(() => TimeoutChatClientTests.Collect(client))).Failure;
        Assert.Equal(ProviderReasons.Unavailable, failure.Reason);
        Assert.Equal(ProviderHealthStatus.Degraded, health.Status.State);
        Assert.Same(health, client.GetService<ProviderHealth>());

        clock.Advance(TimeSpan.FromSeconds(3));
        await TimeoutChatClientTests.Collect(client);
        Assert.Equal(ProviderHealthStatus.Ok, health.Status.State);
        Assert.Equal(clock.GetUtcNow(), health.Status.Since);
    }

    [Fact]
    public async Task HealthDecorator_LetsTheCallersCancellationThrough_WithoutRecordingIt()
    {
        var health = new ProviderHealth(TimeProvider.System);
        _model.Scripts.Add(ScriptedChatClient.Hangs("a"));
        using var abort = new CancellationTokenSource();
        var client = new ProviderHealthChatClient(_model, health, TimeProvider.System, NullLogger.Instance);

        await using var updates = client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")], null, abort.Token).GetAsyncEnumerator(abort.Token);
        Assert.True(await updates.MoveNextAsync());
        var next = updates.MoveNextAsync().AsTask();
        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        Assert.Equal(ProviderHealthStatus.Ok, health.Status.State);
        Assert.Equal(0, health.Status.ConsecutiveFailures);
    }
}
