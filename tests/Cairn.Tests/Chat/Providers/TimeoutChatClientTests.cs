using System.Threading.Channels;
using Cairn.Chat.Providers;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Chat.Providers;

/// <summary>First-token, idle and overall timeouts on a hand-driven clock: no test waits for real time.</summary>
public sealed class TimeoutChatClientTests
{
    private static readonly ProviderTimeouts Timeouts = new(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(12));
    private readonly TimerClock _clock = new();
    private readonly ScriptedChatClient _model = new();

    private TimeoutChatClient Client() => new(_model, Timeouts, _clock, NullLogger.Instance);

    [Fact]
    public async Task NoFirstToken_TimesOutAtTheFirstTokenTimeout()
    {
        _model.Scripts.Add(ScriptedChatClient.Hangs());
        var call = Collect(Client());

        await _clock.WaitForTimerAsync(d => d == Timeouts.FirstToken);
        _clock.Advance(TimeSpan.FromSeconds(7));
        Assert.False(call.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var failure = (await Assert.ThrowsAsync<ProviderException>(() => call)).Failure;
        Assert.Equal(ProviderReasons.Timeout, failure.Reason);
        Assert.Contains("model.firstTokenTimeoutSeconds", failure.Message, StringComparison.Ordinal);
        Assert.Contains("8 s", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStallAfterTheFirstToken_TimesOutAtTheIdleTimeout_AfterTheTextArrived()
    {
        _model.Scripts.Add(ScriptedChatClient.Hangs("Hello"));
        var seen = new List<string>();
        var call = Collect(Client(), seen);

        await _clock.WaitForTimerAsync(d => d == Timeouts.Idle);
        _clock.Advance(Timeouts.Idle);

        var failure = (await Assert.ThrowsAsync<ProviderException>(() => call)).Failure;
        Assert.Contains("model.idleTimeoutSeconds", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["Hello"], seen);
    }

    [Fact]
    public async Task ChunksWithinTheIdleTimeout_KeepGoing_UntilTheOverallDeadline()
    {
        var feed = Channel.CreateUnbounded<ChatResponseUpdate>();
        _model.Scripts.Add((_, _, ct) => feed.Reader.ReadAllAsync(ct));
        var seen = new List<string>();
        var call = Collect(Client(), seen);

        await feed.Writer.WriteAsync(ScriptedChatClient.TextUpdate("a"));
        await _clock.WaitForTimerAsync(d => d == Timeouts.Idle);
        _clock.Advance(TimeSpan.FromSeconds(4));
        await feed.Writer.WriteAsync(ScriptedChatClient.TextUpdate("b"));
        await _clock.WaitForTimerAsync(d => d == Timeouts.Idle);
        _clock.Advance(TimeSpan.FromSeconds(4));
        await feed.Writer.WriteAsync(ScriptedChatClient.TextUpdate("c"));
        await _clock.WaitForTimerAsync(d => d == Timeouts.Idle);
        Assert.False(call.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(4));

        var failure = (await Assert.ThrowsAsync<ProviderException>(() => call)).Failure;
        Assert.Contains("model.timeoutSeconds", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["a", "b", "c"], seen);
    }

    [Fact]
    public async Task ACompleteReply_PassesThrough()
    {
        _model.Scripts.Add(ScriptedChatClient.Says("one ", "two"));
        var seen = new List<string>();

        await Collect(Client(), seen);

        Assert.Equal(["one ", "two"], seen);
    }

    [Fact]
    public async Task TheCallersCancellation_IsACancellation_NotATimeout()
    {
        _model.Scripts.Add(ScriptedChatClient.Hangs("a"));
        using var abort = new CancellationTokenSource();
        var call = Collect(Client(), null, abort.Token);
        await _clock.WaitForTimerAsync(d => d == Timeouts.Idle);

        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task ANonStreamingCall_HasOnlyTheOverallDeadline()
    {
        _model.Scripts.Add(ScriptedChatClient.Hangs());
        var call = Client().GetResponseAsync([new ChatMessage(ChatRole.User, "summarise")]);

        await _clock.WaitForTimerAsync(d => d == Timeouts.Overall);
        Assert.DoesNotContain(Timeouts.FirstToken, _clock.Pending());
        _clock.Advance(Timeouts.Overall);

        var failure = (await Assert.ThrowsAsync<ProviderException>(() => call)).Failure;
        Assert.Equal(ProviderReasons.Timeout, failure.Reason);
    }

    /// <summary>Reads a whole streamed reply (texts into <paramref name="seen"/>); a call that hangs fails the test after 30 s.</summary>
    internal static Task Collect(IChatClient client, List<string>? seen = null, CancellationToken cancellationToken = default) =>
        CollectAsync(client, seen, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

    private static async Task CollectAsync(IChatClient client, List<string>? seen, CancellationToken cancellationToken)
    {
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], null, cancellationToken))
        {
            if (update.Text.Length > 0)
            {
                seen?.Add(update.Text);
            }
        }
    }
}
