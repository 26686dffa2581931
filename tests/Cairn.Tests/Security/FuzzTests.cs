using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
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

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _outcomes = new();

    private static readonly HashSet<string> Documented = [.. Enum.GetValues<ErrorCode>().Where(c => c != ErrorCode.Internal).Select(c => c.WireName())];

    [Fact]
    public async Task TwentyThousandMalformedRequests_OverBothTransports_GetDocumentedAnswers_AndTheStoreStaysSound()
    {
        await using var gw = await TestGateway.StartAsync(ConcurrencyTests.Unlimited);
        var table = gw.Service<MethodTable>();
        var pool = Channel.CreateUnbounded<LoadWsClient>();
        for (var i = 0; i < WsConnections; i++)
        {
            pool.Writer.TryWrite(await LoadWsClient.ConnectAsync(gw.Host.Address, gw.Token));
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
        Assert.True((await gw.CallAsync("sessions.list")).Ok);
        Assert.Equal("ok", gw.Service<CairnDatabase>().IntegrityCheck());
    }

    private async Task CheckHttpAsync(TestGateway gw, FuzzCase c)
    {
        using var content = c.RawBytes is { } bytes ? new ByteArrayContent(bytes) : new ByteArrayContent(Encoding.UTF8.GetBytes(c.Text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await gw.Http.PostAsync(new Uri("/api", UriKind.Relative), content);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500 || status == 503, $"HTTP {status} {text}");
        var body = JsonDocument.Parse(text).RootElement;
        if (body.GetProperty("ok").GetBoolean())
        {
            Assert.Equal(200, status);
            Count($"http {c.Kind} ok");
            return;
        }

        var code = body.GetProperty("error").GetProperty("code").GetString()!;
        Count($"http {c.Kind} {code}");
        Assert.Contains(code, Documented);
        Assert.Equal(Enum.GetValues<ErrorCode>().Single(e => e.WireName() == code).HttpStatus(), status);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetProperty("message").GetString()));
    }

    private async Task CheckWsAsync(Channel<LoadWsClient> pool, FuzzCase c)
    {
        var client = await pool.Reader.ReadAsync();
        try
        {
            await client.SendTextAsync(c.Text);
            var frame = await client.NextUnmatchedAsync();
            Assert.Equal("res", frame.GetProperty("type").GetString());
            Count($"ws {c.Kind} {(frame.GetProperty("ok").GetBoolean() ? "ok" : frame.GetProperty("error").GetProperty("code").GetString())}");
            if (!frame.GetProperty("ok").GetBoolean())
            {
                var error = frame.GetProperty("error");
                Assert.Contains(error.GetProperty("code").GetString()!, Documented);
                Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
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
