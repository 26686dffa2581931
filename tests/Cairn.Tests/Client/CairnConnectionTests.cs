using System.Net.WebSockets;
using Cairn.Protocol;
using Cairn.Tests.Security;
using Cairn.Tests.Support;

namespace Cairn.Tests.Client;

/// <summary>The typed WebSocket client against a real gateway: handshake, calls, errors, events, timeouts, reconnect.</summary>
public sealed class CairnConnectionTests
{
    [Fact]
    public async Task Connect_ReturnsTheTypedHello()
    {
        await using var gw = await TestGateway.StartAsync();

        await using var connection = await CairnConnection.ConnectAsync(gw.Host.Address, WsTestClient.Options(gw.Token));

        Assert.Equal(Hello.ProtocolVersion, connection.Hello!.Protocol);
        Assert.Contains("sessions.create", connection.Hello.Features.Methods);
        Assert.Equal(EventNames.All, connection.Hello.Features.Events);
        Assert.True(connection.Hello.Provider.Offline);
    }

    [Fact]
    public async Task Connect_WithAWrongToken_ThrowsTheGatewaysError()
    {
        await using var gw = await TestGateway.StartAsync();

        var refused = await Assert.ThrowsAsync<CairnCallException>(() => CairnConnection.ConnectAsync(gw.Host.Address, WsTestClient.Options("wrong")));

        Assert.Equal("connect", refused.Method);
        Assert.Equal(ErrorCode.Unauthorized, refused.Error.Code);
    }

    [Fact]
    public async Task Connect_WithNothingListening_IsUnreachable()
    {
        var unreachable = await Assert.ThrowsAsync<GatewayUnreachableException>(() =>
            CairnConnection.ConnectAsync(new Uri("http://127.0.0.1:1/"), WsTestClient.Options("x")));

        Assert.Equal(new Uri("http://127.0.0.1:1/"), unreachable.Url);
    }

    [Fact]
    public async Task Calls_ReturnRecords_AndErrorsAsValuesOrExceptions()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var connection = await CairnConnection.ConnectAsync(gw.Host.Address, WsTestClient.Options(gw.Token));

        var created = await connection.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Typed Work"));
        var reset = await connection.RequestAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams(created.Key));
        var thrown = await Assert.ThrowsAsync<CairnCallException>(() =>
            connection.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("typed work")));

        Assert.Equal("typed-work", created.Key);
        Assert.Equal(SessionKind.Named, created.Entry.Kind);
        Assert.False(reset.Ok);
        Assert.Null(reset.Status);
        Assert.Equal(ErrorCode.SessionPersistent, reset.Error!.Code);
        Assert.Equal("typed-work", reset.Error.Detail<string>("key"));
        Assert.Throws<CairnCallException>(() => reset.Result);
        Assert.Equal(ErrorCode.Conflict, thrown.Error.Code);
        Assert.Equal("label", thrown.Error.Detail<string>("field"));
    }

    [Fact]
    public async Task NextEvent_FindsAnEventThatArrivedBeforeItWasAskedFor_AndSubscribersSeeEveryOne()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var connection = await CairnConnection.ConnectAsync(gw.Host.Address, WsTestClient.Options(gw.Token));
        var seen = new List<SessionsChangedEvent>();
        using var subscription = connection.Subscribe<SessionsChangedEvent>(e =>
        {
            lock (seen)
            {
                seen.Add(e);
            }
        });

        await connection.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", "main", Wait: true));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Later"));

        var created = await connection.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Created);
        var final = await connection.NextEventAsync<ChatEvent>(e => e.State == RunState.Final);
        Assert.Equal("later", created.Key);
        Assert.StartsWith("Echo: hello", final.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(connection.PendingEvents, e => e.Payload is ChatEvent { State: RunState.Final });
        lock (seen)
        {
            Assert.Contains(seen, e => e.Reason == ChangeReason.Created && e.Key == "later");
        }
    }

    [Fact]
    public async Task Request_WithoutAnAnswer_TimesOut()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var gw = await TestGateway.StartAsync(services: s => WebSocketLimitTests.AddMethod(s, "test.block", ct => gate.Task.WaitAsync(ct)));
        await using var connection = await CairnConnection.ConnectAsync(gw.Host.Address,
            WsTestClient.Options(gw.Token) with { RequestTimeout = TimeSpan.FromMilliseconds(200) });

        var late = await Assert.ThrowsAsync<GatewayUnreachableException>(() => connection.CallAsync<NoParams>("test.block"));

        Assert.Contains("no answer to test.block", late.Reason, StringComparison.Ordinal);
        gate.SetResult();
    }

    [Fact]
    public async Task AClosedConnection_FailsWhatWaits_AndExposesTheCloseCode()
    {
        var gw = await TestGateway.StartAsync();
        await using var connection = await CairnConnection.ConnectAsync(gw.Host.Address, WsTestClient.Options(gw.Token));
        var waiting = connection.NextEventAsync<ChatEvent>();

        await gw.DisposeAsync();
        await connection.Closed.WaitAsync(WsTestClient.Timeout);

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, connection.CloseStatus);
        await Assert.ThrowsAsync<GatewayUnreachableException>(() => waiting);
        await Assert.ThrowsAsync<GatewayUnreachableException>(() => connection.CallAsync<SessionsListResult>("sessions.list"));
    }

    [Fact]
    public async Task Reconnect_AfterTheGatewayRestarts_HandshakesAgain_AndCallsWork()
    {
        using var dir = new TempDir();
        var first = await TestGateway.StartAsync(dataDir: dir.Path);
        var port = first.Host.Address.Port;
        await using var connection = await CairnConnection.ConnectAsync(first.Host.Address, WsTestClient.Options(first.Token) with
        {
            Reconnect = new ReconnectPolicy(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)),
        });
        var reconnected = new TaskCompletionSource<Hello>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Reconnected += hello => reconnected.TrySetResult(hello);

        await first.DisposeAsync();
        await using var second = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { Port = port } }, dataDir: dir.Path);
        var hello = await reconnected.Task.WaitAsync(WsTestClient.Timeout);

        Assert.Equal(Hello.ProtocolVersion, hello.Protocol);
        Assert.Equal(1, (await connection.CallAsync<SessionsListResult>("sessions.list")).Total);
        Assert.False(connection.Closed.IsCompleted);
    }
}
