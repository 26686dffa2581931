using System.Net.WebSockets;
using Cairn.Tests.Support;

namespace Cairn.Tests.Gateway;

public sealed class WebSocketTests
{
    [Fact]
    public async Task Connect_ReturnsHelloWithMethodsFeaturesAndProvider()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync(handshake: false);

        var res = await ws.RequestAsync("connect", new { token = gw.Token, client = new { name = "t", version = "1" } });

        Assert.True(res.GetProperty("ok").GetBoolean());
        var hello = res.GetProperty("payload");
        Assert.Equal(1, hello.GetProperty("protocol").GetInt32());
        var methods = hello.GetProperty("features").GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains("sessions.create", methods);
        Assert.Contains("sessions.list", methods);
        Assert.True(hello.GetProperty("features").GetProperty("namedSessions").GetBoolean());
        Assert.Equal("echo", hello.GetProperty("provider").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Hello_ReportsNamedSessionsFalse_WhenFlagOff()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Session = c.Session with { NamedSessionsEnabled = false } });
        await using var ws = await gw.ConnectWsAsync(handshake: false);

        var res = await ws.RequestAsync("connect", new { token = gw.Token });

        Assert.False(res.GetProperty("payload").GetProperty("features").GetProperty("namedSessions").GetBoolean());
    }

    [Fact]
    public async Task WrongToken_IsUnauthorized_AndSocketClosed()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync(handshake: false);

        var res = await ws.RequestAsync("connect", new { token = "wrong" });
        await ws.WaitClosedAsync();

        Assert.Equal("UNAUTHORIZED", res.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, ws.CloseStatus);
    }

    [Fact]
    public async Task RequestBeforeConnect_IsUnauthorized_AndSocketClosed()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync(handshake: false);

        var res = await ws.RequestAsync("sessions.list");
        await ws.WaitClosedAsync();

        Assert.Equal("UNAUTHORIZED", res.GetProperty("error").GetProperty("code").GetString());
        Assert.NotEqual(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task SessionsChanged_IsPushedToEveryClient_WithIncreasingSeq()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var a = await gw.ConnectWsAsync();
        await using var b = await gw.ConnectWsAsync();

        var created = await a.RequestAsync("sessions.create", new { label = "Shared" });
        Assert.True(created.GetProperty("ok").GetBoolean());
        await gw.OkAsync("sessions.patch", new { key = "shared", label = "Shared 2" });
        await gw.OkAsync("sessions.delete", new { key = "shared" });

        foreach (var client in new[] { a, b })
        {
            var first = await client.NextEventAsync("sessions.changed");
            var second = await client.NextEventAsync("sessions.changed");
            var third = await client.NextEventAsync("sessions.changed");
            Assert.Equal("created", first.GetProperty("payload").GetProperty("reason").GetString());
            Assert.Equal("Shared", first.GetProperty("payload").GetProperty("entry").GetProperty("label").GetString());
            Assert.Equal("patched", second.GetProperty("payload").GetProperty("reason").GetString());
            Assert.Equal("deleted", third.GetProperty("payload").GetProperty("reason").GetString());
            Assert.False(third.GetProperty("payload").TryGetProperty("entry", out _));
            Assert.Equal([1L, 2L, 3L], new[] { first, second, third }.Select(e => e.GetProperty("seq").GetInt64()));
        }
    }

    [Fact]
    public async Task SameCallsOverWebSocket_BehaveAsOverHttp()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        var created = await ws.RequestAsync("sessions.create", new { label = "Over WS", persistent = true });
        var reset = await ws.RequestAsync("sessions.reset", new { key = "over-ws" });
        var deleteMain = await ws.RequestAsync("sessions.delete", new { key = "main" });

        Assert.Equal("over-ws", created.GetProperty("payload").GetProperty("key").GetString());
        Assert.Equal("SESSION_PERSISTENT", reset.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("SESSION_PROTECTED", deleteMain.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task OversizedFrame_IsPayloadTooLarge_AndClosesWithMessageTooBig()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { MaxPayloadBytes = 4096 } });
        await using var ws = await gw.ConnectWsAsync();

        await ws.SendRawAsync(new string(' ', 10_000));
        var res = await ws.NextAsync(f => f.GetProperty("type").GetString() == "res");
        await ws.WaitClosedAsync();

        Assert.Equal("PAYLOAD_TOO_LARGE", res.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, ws.CloseStatus);
    }

    [Fact]
    public async Task GatewayShutdown_ClosesSocketsAtOnceWith1001()
    {
        var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        await gw.DisposeAsync();
        await ws.WaitClosedAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, ws.CloseStatus);
    }
}
