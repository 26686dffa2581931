using System.Net.WebSockets;
using System.Text;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Tests.Support;
using Cairn.Transport;
using Microsoft.Extensions.DependencyInjection;
using static Cairn.Tests.Security.SecurityHttp;

namespace Cairn.Tests.Security;

/// <summary>Per-connection limits: message rate, frame size, unanswered requests, send buffer, handshake time.</summary>
public sealed class WebSocketLimitTests
{
    private static Func<CairnConfig, CairnConfig> Limits(int perSecond, int burst, int handshakeSeconds = 10) => c => c with
    {
        Gateway = c.Gateway with { Limits = c.Gateway.Limits with { MessagesPerSecond = perSecond, MessageBurst = burst, HandshakeSeconds = handshakeSeconds } },
    };

    [Fact]
    public async Task MessagesBeyondTheBurst_AreRateLimited_AndTheBucketRefillsWithTime()
    {
        await using var gw = await TestGateway.StartAsync(Limits(perSecond: 5, burst: 10));
        await using var ws = await gw.ConnectWsAsync(); // the connect frame takes the first token

        for (var i = 0; i < 9; i++)
        {
            Assert.True((await List(ws)).Ok);
        }

        var refused = await List(ws);
        Assert.Equal(ErrorCode.RateLimited, refused.Error?.Code);
        Assert.False(string.IsNullOrEmpty(refused.Id));

        gw.Clock.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await List(ws)).Ok);
        }

        Assert.Equal(ErrorCode.RateLimited, (await List(ws)).Error?.Code);
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task RateLimit_IsPerConnection()
    {
        await using var gw = await TestGateway.StartAsync(Limits(perSecond: 1, burst: 3));
        await using var noisy = await gw.ConnectWsAsync();
        await using var quiet = await gw.ConnectWsAsync();

        await List(noisy);
        await List(noisy);
        Assert.Equal(ErrorCode.RateLimited, (await List(noisy)).Error?.Code);

        Assert.True((await List(quiet)).Ok);
    }

    [Fact]
    public async Task IgnoringRateLimitedAnswers_ClosesTheConnectionWithPolicyViolation()
    {
        await using var gw = await TestGateway.StartAsync(Limits(perSecond: 1, burst: 5));
        await using var ws = await OpenWsAsync(gw);
        for (var i = 0; i < 4; i++)
        {
            await List(ws);
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(ErrorCode.RateLimited, (await List(ws)).Error?.Code);
        }

        var last = await List(ws);
        await ws.WaitClosedAsync();

        Assert.Equal(ErrorCode.RateLimited, last.Error?.Code);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, ws.CloseStatus);
        Assert.Contains("Rate limit", ws.CloseStatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedFramesCountAgainstTheRate()
    {
        await using var gw = await TestGateway.StartAsync(Limits(perSecond: 1, burst: 3));
        await using var ws = await gw.ConnectWsAsync();

        await ws.SendRawAsync("garbage");
        await ws.SendRawAsync("{]");
        await ws.SendRawAsync("""{"id":"z","type":"req"}""");
        var first = await ws.NextResponseAsync();
        var second = await ws.NextResponseAsync();
        var third = await ws.NextResponseAsync();

        Assert.Equal(ErrorCode.InvalidRequest, first.Error?.Code);
        Assert.Equal(ErrorCode.InvalidRequest, second.Error?.Code);
        Assert.Equal(ErrorCode.RateLimited, third.Error?.Code);
        Assert.Equal("z", third.Id);
    }

    [Fact]
    public async Task OversizedFrame_InPieces_IsPayloadTooLarge_AndClosedWithMessageTooBig()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { MaxPayloadBytes = 4096 } });
        await using var ws = await OpenWsAsync(gw);

        var chunk = Encoding.UTF8.GetBytes(new string('a', 3000));
        await ws.SendRawAsync(chunk, WebSocketMessageType.Text, endOfMessage: false);
        await ws.SendRawAsync(chunk, WebSocketMessageType.Text, endOfMessage: true);
        var res = await ws.NextResponseAsync();
        await ws.WaitClosedAsync();

        Assert.Equal(ErrorCode.PayloadTooLarge, res.Error?.Code);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, ws.CloseStatus);
    }

    [Fact]
    public async Task FrameAtTheLimit_IsAccepted()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { MaxPayloadBytes = 4096 } });
        await using var ws = await gw.ConnectWsAsync();
        var prefix = """{"type":"req","id":"big","method":"sessions.list","params":{"search":"x"},"pad":" """;
        var frame = prefix + new string(' ', 4096 - prefix.Length - 2) + "\"}";

        await ws.SendRawAsync(frame);
        var res = await ws.NextResponseAsync();

        Assert.Equal(4096, Encoding.UTF8.GetByteCount(frame));
        Assert.True(res.Ok, res.ToString());
    }

    [Theory]
    [InlineData(WebSocketMessageType.Binary)]
    public async Task BinaryFrame_IsInvalidRequest_AndTheConnectionSurvives(WebSocketMessageType type)
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        await ws.SendRawAsync(Encoding.UTF8.GetBytes("""{"type":"req","id":"1","method":"sessions.list"}"""), type);
        var res = await ws.NextResponseAsync();

        Assert.Equal(ErrorCode.InvalidRequest, res.Error?.Code);
        Assert.True((await List(ws)).Ok);
    }

    [Fact]
    public async Task EmptyTextMessages_AreInvalidRequests_AndTheConnectionGoesOn()
    {
        // An idle connection waits with a zero-byte receive; an empty message is whole after it, and must still be answered.
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        for (var i = 0; i < 2; i++)
        {
            await ws.SendRawAsync([], WebSocketMessageType.Text);
            Assert.Equal(ErrorCode.InvalidRequest, (await ws.NextResponseAsync()).Error?.Code);
        }

        Assert.True((await List(ws)).Ok);
    }

    [Theory]
    [InlineData(63, ErrorCode.InvalidRequest)]
    [InlineData(70, ErrorCode.InvalidRequest)]
    [InlineData(5000, ErrorCode.InvalidRequest)]
    public async Task DeeplyNestedFrames_AreInvalidRequest(int depth, ErrorCode code)
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();
        var nested = new string('[', depth) + new string(']', depth);

        await ws.SendRawAsync($$$"""{"type":"req","id":"deep","method":"sessions.list","params":{"search":{{{nested}}}}}""");
        var res = await ws.NextResponseAsync();

        Assert.Equal(code, res.Error?.Code);
        Assert.True((await List(ws)).Ok);
    }

    [Fact]
    public async Task MoreThan64UnansweredRequests_AreRateLimited_AndAnsweredOnceTheyFinish()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var gw = await TestGateway.StartAsync(services: s => AddMethod(s, "test.block", async ct =>
        {
            await gate.Task.WaitAsync(ct);
        }));
        await using var ws = await gw.ConnectWsAsync();

        for (var i = 0; i < WsConnectionSession.MaxInFlight; i++)
        {
            await ws.SendRawAsync($$"""{"type":"req","id":"b{{i}}","method":"test.block"}""");
        }

        var refused = await List(ws);
        Assert.Equal(ErrorCode.RateLimited, refused.Error?.Code);

        gate.SetResult();
        var answered = new HashSet<string>();
        for (var i = 0; i < WsConnectionSession.MaxInFlight; i++)
        {
            var res = await ws.NextResponseAsync();
            Assert.True(res.Ok, res.ToString());
            answered.Add(res.Id!);
        }

        Assert.Equal(Enumerable.Range(0, WsConnectionSession.MaxInFlight).Select(i => $"b{i}").ToHashSet(), answered);
        Assert.True((await List(ws)).Ok);
    }

    [Fact]
    public async Task ClientThatStopsReading_IsDropped_AndTheGatewayKeepsServingOthers()
    {
        await using var gw = await TestGateway.StartAsync();
        var hub = gw.Service<EventHub>();
        var others = hub.SubscriberCount; // in-process subscribers such as metrics
        using var stalled = new ClientWebSocket();
        await stalled.ConnectAsync(new UriBuilder(gw.Host.Address) { Scheme = "ws", Path = "/ws" }.Uri, CancellationToken.None);
        await stalled.SendAsync(Encoding.UTF8.GetBytes($$$"""{"type":"req","id":"c","method":"connect","params":{"token":"{{{gw.Token}}}"}}"""),
            WebSocketMessageType.Text, true, CancellationToken.None);
        await WaitUntilAsync(() => hub.SubscriberCount == others + 1);

        // Big events fill the socket buffers first, then the stalled client's outbox; publishing never blocks.
        var text = new string('x', 64 * 1024);
        for (var i = 0; i < WsOutbox.Capacity * 2; i++)
        {
            hub.Publish(new ChatEvent("flood", "main", i, RunState.Delta, text));
        }

        await WaitUntilAsync(() => hub.SubscriberCount == others);
        await using var fresh = await gw.ConnectWsAsync();
        var created = await fresh.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("After The Flood"));
        var changed = await fresh.NextEventAsync<SessionsChangedEvent>();
        Assert.True(created.Ok);
        Assert.Equal("after-the-flood", changed.Key);
    }

    [Fact]
    public async Task SocketThatNeverSendsConnect_IsClosedAfterTheHandshakeTime()
    {
        await using var gw = await TestGateway.StartAsync(Limits(perSecond: 50, burst: 100, handshakeSeconds: 1));
        await using var idle = await OpenWsAsync(gw, handshake: false);

        await idle.WaitClosedAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, idle.CloseStatus);
        Assert.Contains("connect", idle.CloseStatusDescription, StringComparison.Ordinal);
    }

    private static Task<RpcReply<SessionsListResult>> List(WsTestClient ws) => ws.RequestAsync<SessionsListResult>("sessions.list");

    /// <summary>Adds a test-only method to the gateway's method table (wrapping whatever factory the host registered).</summary>
    internal static void AddMethod(IServiceCollection services, string name, Func<CancellationToken, Task> body)
    {
        var original = services.Last(d => d.ServiceType == typeof(MethodTable)).ImplementationFactory!;
        services.AddSingleton(sp => ((MethodTable)original(sp)).Add<IServiceProvider, NoParams, NoParams>(name, "test", async (_, _, ct) =>
        {
            await body(ct);
            return new NoParams();
        }));
    }

    /// <summary>Polls a condition the gateway reaches asynchronously; fails after 15 s.</summary>
    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
