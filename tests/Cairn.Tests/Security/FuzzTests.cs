using System.Text;
using System.Threading.Channels;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;
using CsCheck;
using Xunit.Abstractions;

namespace Cairn.Tests.Security;

/// <summary>
/// Property: whatever a client sends, over either transport, the gateway answers with ok or a documented error
/// code (never INTERNAL or a 500), stays up, keeps the connection, and leaves a sound store behind.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int RequestsPerTransport = 10_000;
    private const int WsConnections = 6;
    private const int InvalidUtf8Sockets = 300;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _outcomes = new();

    private static readonly HashSet<string> Documented = [.. Enum.GetValues<ErrorCode>().Where(c => c != ErrorCode.Internal).Select(c => c.WireName())];

    [Fact]
    public async Task TwentyThousandMalformedRequests_OverBothTransports_GetDocumentedAnswers_AndTheStoreStaysSound()
    {
        await using var gw = await TestGateway.StartAsync(ConcurrencyTests.Unlimited);
        var table = gw.Service<MethodTable>();
        var pool = Channel.CreateUnbounded<CairnConnection>();
        for (var i = 0; i < WsConnections; i++)
        {
            pool.Writer.TryWrite(await CairnConnection.ConnectAsync(gw.Host.Address, WsTestClient.Options(gw.Token, "security-load") with
            {
                EventBufferCapacity = 0,
            }));
        }

        var http = 0;
        var ws = 0;
        try
        {
            await Task.WhenAll(
                FuzzGen.Http(table).SampleAsync(async c =>
                {
                    await CheckHttpAsync(gw, c);
                    Interlocked.Increment(ref http);
                }, iter: RequestsPerTransport, threads: 4, print: c => c.ToString()),
                FuzzGen.Ws(table).SampleAsync(async c =>
                {
                    await CheckWsAsync(pool, c);
                    Interlocked.Increment(ref ws);
                }, iter: RequestsPerTransport, threads: WsConnections, print: c => c.ToString()));
        }
        finally
        {
            pool.Writer.TryComplete();
            await foreach (var client in pool.Reader.ReadAllAsync())
            {
                await client.DisposeAsync();
            }
        }

        output.WriteLine($"http {http}, ws {ws}: " + string.Join(", ", _outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        Assert.True(http >= RequestsPerTransport && ws >= RequestsPerTransport, $"http {http}, ws {ws}");
        Assert.True((await gw.RequestAsync("sessions.list")).Ok);
        Assert.Equal("ok", gw.Service<CairnDatabase>().IntegrityCheck());
    }

    /// <summary>
    /// The socket itself closes: the runtime's WebSocket sends 1007 and aborts the connection at once, so a client
    /// sees either the close frame or a reset that overtook it. Either way that socket, and only that one, ends.
    /// </summary>
    [Fact]
    public async Task FramesThatAreNotUtf8_EndOnlyTheirOwnSocket_AndTheGatewayKeepsServing()
    {
        await using var gw = await TestGateway.StartAsync(ConcurrencyTests.Unlimited);
        await using var bystander = await gw.ConnectWsAsync();

        await FuzzGen.WsInvalidUtf8(gw.Service<MethodTable>()).SampleAsync(async c =>
        {
            await using var client = await CairnConnection.ConnectAsync(gw.Host.Address, WsTestClient.Options(gw.Token, "security-utf8"));
            await client.SendRawAsync(c.RawBytes!, System.Net.WebSockets.WebSocketMessageType.Text);
            await client.Closed.WaitAsync(WsTestClient.Timeout);
            Assert.True(client.CloseStatus is null or System.Net.WebSockets.WebSocketCloseStatus.InvalidPayloadData, $"closed with {client.CloseStatus}");
            Count(client.CloseStatus is null ? "ws invalid-utf8 reset" : "ws invalid-utf8 1007");
        }, iter: InvalidUtf8Sockets, threads: 4, print: c => c.ToString());

        output.WriteLine(string.Join(", ", _outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        Assert.Equal(InvalidUtf8Sockets, _outcomes.Values.Sum());
        Assert.True((await bystander.RequestAsync<SessionsListResult>("sessions.list")).Ok);
        Assert.Equal("ok", gw.Service<CairnDatabase>().IntegrityCheck());
    }

    private async Task CheckHttpAsync(TestGateway gw, FuzzCase c)
    {
        // The reply is read typed: an error code outside the documented enum fails to read.
        var reply = await gw.Api.PostRawAsync(c.RawBytes ?? Encoding.UTF8.GetBytes(c.Text));
        var status = (int)reply.Status!.Value;
        Assert.True(status < 500 || status == 503, reply.ToString());
        if (reply.Error is not { } error)
        {
            Assert.Equal(200, status);
            Count($"http {c.Kind} ok");
            return;
        }

        Count($"http {c.Kind} {error.Code.WireName()}");
        Assert.Contains(error.Code.WireName(), Documented);
        Assert.Equal(error.Code.HttpStatus(), status);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private async Task CheckWsAsync(Channel<CairnConnection> pool, FuzzCase c)
    {
        var client = await pool.Reader.ReadAsync();
        try
        {
            await client.SendRawAsync(c.Text);
            var reply = await client.NextResponseAsync();
            Count($"ws {c.Kind} {(reply.Ok ? "ok" : reply.Error!.Code.WireName())}");
            if (reply.Error is { } error)
            {
                Assert.Contains(error.Code.WireName(), Documented);
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
            }

            Assert.Equal(System.Net.WebSockets.WebSocketState.Open, client.State);
        }
        finally
        {
            pool.Writer.TryWrite(client);
        }
    }

    private void Count(string outcome) => _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
}
