using System.Net.WebSockets;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Gateway;

public sealed class WebSocketTests
{
    [Fact]
    public async Task Connect_ReturnsHelloWithMethodsFeaturesAndProvider()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync(handshake: false);

        var res = await ws.RequestAsync<Hello>("connect", new ConnectParams(gw.Token, new ConnectClient("t", "1")));

        Assert.True(res.Ok);
        var hello = res.Result;
        Assert.Equal(1, hello.Protocol);
        Assert.Contains("sessions.create", hello.Features.Methods);
        Assert.Contains("sessions.list", hello.Features.Methods);
        Assert.True(hello.Features.NamedSessions);
        Assert.Equal("echo", hello.Provider.Name);
    }

    [Fact]
    public async Task Hello_ReportsNamedSessionsFalse_WhenFlagOff()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Session = c.Session with { NamedSessionsEnabled = false } });
        await using var ws = await gw.ConnectWsAsync(handshake: false);

        var hello = await ws.CallAsync<Hello>("connect", new ConnectParams(gw.Token));

        Assert.False(hello.Features.NamedSessions);
    }

    [Fact]
    public async Task WrongToken_IsUnauthorized_AndSocketClosed()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync(handshake: false);

        var res = await ws.RequestAsync<Hello>("connect", new ConnectParams("wrong"));
        await ws.WaitClosedAsync();

        Assert.Equal(ErrorCode.Unauthorized, res.Error?.Code);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, ws.CloseStatus);
    }

    [Fact]
    public async Task RequestBeforeConnect_IsUnauthorized_AndSocketClosed()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync(handshake: false);

        var res = await ws.RequestAsync<SessionsListResult>("sessions.list");
        await ws.WaitClosedAsync();

        Assert.Equal(ErrorCode.Unauthorized, res.Error?.Code);
        Assert.NotEqual(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task SessionsChanged_IsPushedToEveryClient_WithIncreasingSeq()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var a = await gw.ConnectWsAsync();
        await using var b = await gw.ConnectWsAsync();

        var created = await a.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Shared"));
        Assert.True(created.Ok);
        await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("shared", "Shared 2"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("shared"));
        await gw.CallAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("shared"));

        foreach (var client in new[] { a, b })
        {
            var events = new List<ServerEvent>();
            for (var i = 0; i < 4; i++)
            {
                events.Add(await client.NextEventAsync(e => e.Name == EventNames.SessionsChanged));
            }

            var (first, second, third, fourth) = (Changed(events[0]), Changed(events[1]), Changed(events[2]), Changed(events[3]));
            Assert.Equal(ChangeReason.Created, first.Reason);
            Assert.Equal("Shared", first.Entry!.Label);
            Assert.Equal(ChangeReason.Patched, second.Reason);
            Assert.Equal(ChangeReason.Deleted, third.Reason);
            Assert.True(third.Entry!.Trashed);
            Assert.Equal(ChangeReason.Purged, fourth.Reason);
            Assert.Null(fourth.Entry);
            Assert.False(events[3].Json.TryGetProperty("entry", out _)); // absent on the wire, not null
            Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.Seq));
        }
    }

    [Fact]
    public async Task SameCallsOverWebSocket_BehaveAsOverHttp()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        var created = await ws.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Over WS", Persistent: true));
        var reset = await ws.RequestAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("over-ws"));
        var deleteMain = await ws.RequestAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("main"));

        Assert.Equal("over-ws", created.Result.Key);
        Assert.Equal(ErrorCode.SessionPersistent, reset.Error?.Code);
        Assert.Equal(ErrorCode.SessionProtected, deleteMain.Error?.Code);
    }

    [Fact]
    public async Task OversizedFrame_IsPayloadTooLarge_AndClosesWithMessageTooBig()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { MaxPayloadBytes = 4096 } });
        await using var ws = await gw.ConnectWsAsync();

        await ws.SendRawAsync(new string(' ', 10_000));
        var res = await ws.NextResponseAsync();
        await ws.WaitClosedAsync();

        Assert.Equal(ErrorCode.PayloadTooLarge, res.Error?.Code);
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

    /// <summary>The payload of a <c>sessions.changed</c> event, as the event catalog types it.</summary>
    private static SessionsChangedEvent Changed(ServerEvent evt) => Assert.IsType<SessionsChangedEvent>(evt.Payload);
}
