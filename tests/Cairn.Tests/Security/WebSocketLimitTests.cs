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
            Assert.True((await ws.RequestAsync("sessions.list")).GetProperty("ok").GetBoolean());
        }

        var refused = await ws.RequestAsync("sessions.list");
        Assert.Equal("RATE_LIMITED", Code(refused));
        Assert.False(string.IsNullOrEmpty(refused.GetProperty("id").GetString()));

        gw.Clock.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await ws.RequestAsync("sessions.list")).GetProperty("ok").GetBoolean());
        }

        Assert.Equal("RATE_LIMITED", Code(await ws.RequestAsync("sessions.list")));
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task RateLimit_IsPerConnection()
    {
        await using var gw = await TestGateway.StartAsync(Limits(perSecond: 1, burst: 3));
        await using var noisy = await gw.ConnectWsAsync();
        await using var quiet = await gw.ConnectWsAsync();

        await noisy.RequestAsync("sessions.list");
        await noisy.RequestAsync("sessions.list");
        Assert.Equal("RATE_LIMITED", Code(await noisy.RequestAsync("sessions.list")));

        Assert.True((await quiet.RequestAsync("sessions.list")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task IgnoringRateLimitedAnswers_ClosesTheConnectionWithPolicyViolation()
    {
        await using var gw = await TestGateway.StartAsync(Limits(perSecond: 1, burst: 5));
        var (ws, socket) = await OpenWsAsync(gw);
        await using var _ = ws;
        for (var i = 0; i < 4; i++)
        {
            await ws.RequestAsync("sessions.list");
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("RATE_LIMITED", Code(await ws.RequestAsync("sessions.list")));
        }

        var last = await ws.RequestAsync("sessions.list");
        await ws.WaitClosedAsync();

        Assert.Equal("RATE_LIMITED", Code(last));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, ws.CloseStatus);
        Assert.Contains("Rate limit", socket.CloseStatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedFramesCountAgainstTheRate()
    {
        await using var gw = await TestGateway.StartAsync(Limits(perSecond: 1, burst: 3));
        await using var ws = await gw.ConnectWsAsync();

        await ws.SendRawAsync("garbage");
        await ws.SendRawAsync("{]");
        await ws.SendRawAsync("""{"id":"z","type":"req"}""");
        var first = await ws.NextAsync(f => f.GetProperty("type").GetString() == "res");
        var second = await ws.NextAsync(f => f.GetProperty("type").GetString() == "res");
        var third = await ws.NextAsync(f => f.GetProperty("type").GetString() == "res");

        Assert.Equal("INVALID_REQUEST", Code(first));
        Assert.Equal("INVALID_REQUEST", Code(second));
        Assert.Equal("RATE_LIMITED", Code(third));
        Assert.Equal("z", third.GetProperty("id").GetString());
    }

    [Fact]
    public async Task OversizedFrame_InPieces_IsPayloadTooLarge_AndClosedWithMessageTooBig()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { MaxPayloadBytes = 4096 } });
        var (ws, socket) = await OpenWsAsync(gw);
        await using var _ = ws;

        var chunk = Encoding.UTF8.GetBytes(new string('a', 3000));
        await socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var res = await ws.NextAsync(f => f.GetProperty("type").GetString() == "res");
        await ws.WaitClosedAsync();

        Assert.Equal("PAYLOAD_TOO_LARGE", Code(res));
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
        var res = await ws.NextAsync(f => f.GetProperty("type").GetString() == "res");

        Assert.Equal(4096, Encoding.UTF8.GetByteCount(frame));
        Assert.True(res.GetProperty("ok").GetBoolean(), res.ToString());
    }

    [Theory]
    [InlineData(WebSocketMessageType.Binary)]
    public async Task BinaryFrame_IsInvalidRequest_AndTheConnectionSurvives(WebSocketMessageType type)
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        await ws.SendBytesAsync(Encoding.UTF8.GetBytes("""{"type":"req","id":"1","method":"sessions.list"}"""), type);
        var res = await ws.NextAsync(f => f.GetProperty("type").GetString() == "res");

        Assert.Equal("INVALID_REQUEST", Code(res));
        Assert.True((await ws.RequestAsync("sessions.list")).GetProperty("ok").GetBoolean());
    }

    [Theory]
    [InlineData(63, "INVALID_REQUEST")]
    [InlineData(70, "INVALID_REQUEST")]
    [InlineData(5000, "INVALID_REQUEST")]
    public async Task DeeplyNestedFrames_AreInvalidRequest(int depth, string code)
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();
        var nested = new string('[', depth) + new string(']', depth);

        await ws.SendRawAsync($$$"""{"type":"req","id":"deep","method":"sessions.list","params":{"search":{{{nested}}}}}""");
        var res = await ws.NextAsync(f => f.GetProperty("type").GetString() == "res");

        Assert.Equal(code, Code(res));
        Assert.True((await ws.RequestAsync("sessions.list")).GetProperty("ok").GetBoolean());
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

        var refused = await ws.RequestAsync("sessions.list");
        Assert.Equal("RATE_LIMITED", Code(refused));

        gate.SetResult();
        var answered = new HashSet<string>();
        for (var i = 0; i < WsConnectionSession.MaxInFlight; i++)
        {
            var res = await ws.NextAsync(f => f.GetProperty("type").GetString() == "res");
            Assert.True(res.GetProperty("ok").GetBoolean(), res.ToString());
            answered.Add(res.GetProperty("id").GetString()!);
        }

        Assert.Equal(Enumerable.Range(0, WsConnectionSession.MaxInFlight).Select(i => $"b{i}").ToHashSet(), answered);
        Assert.True((await ws.RequestAsync("sessions.list")).GetProperty("ok").GetBoolean());
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
        var created = await fresh.RequestAsync("sessions.create", new { label = "After The Flood" });
        var changed = await fresh.NextEventAsync("sessions.changed");
        Assert.True(created.GetProperty("ok").GetBoolean());
        Assert.Equal("after-the-flood", changed.GetProperty("payload").GetProperty("key").GetString());
    }

    [Fact]
    public async Task SocketThatNeverSendsConnect_IsClosedAfterTheHandshakeTime()
    {
        await using var gw = await TestGateway.StartAsync(Limits(perSecond: 50, burst: 100, handshakeSeconds: 1));
        var (idle, socket) = await OpenWsAsync(gw, handshake: false);
        await using var _ = idle;

        await idle.WaitClosedAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, idle.CloseStatus);
        Assert.Contains("connect", socket.CloseStatusDescription, StringComparison.Ordinal);
    }

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
