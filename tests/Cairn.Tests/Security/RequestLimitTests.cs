using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Tests.Observability;
using Cairn.Tests.Support;
using Cairn.Transport;
using static Cairn.Tests.Security.SecurityHttp;

namespace Cairn.Tests.Security;

/// <summary>
/// The HTTP request rate per client address (429 with Retry-After), the cap on open connections (503 before any
/// endpoint) and on open WebSockets (close 1013), through a real gateway; probes are never rate-limited.
/// </summary>
public sealed class RequestLimitTests
{
    private static Func<CairnConfig, CairnConfig> Limits(Func<GatewayLimits, GatewayLimits> change) =>
        c => c with { Gateway = c.Gateway with { Limits = change(c.Gateway.Limits) } };

    private static Func<CairnConfig, CairnConfig> HttpRate(int perSecond, int burst) =>
        Limits(l => l with { HttpRequestsPerSecond = perSecond, HttpRequestBurst = burst });

    [Fact]
    public async Task HttpRequestsOverTheRate_Get429_WithRetryAfter_AndTheErrorBody_UntilTheBucketRefills()
    {
        await using var gw = await TestGateway.StartAsync(HttpRate(perSecond: 2, burst: 3));
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await gw.RequestAsync("sessions.list")).Ok);
        }

        using var response = await gw.Http.PostAsync(new Uri("/api", UriKind.Relative),
            new StringContent("""{"method":"sessions.list"}""", Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal(ErrorCode.RateLimited, Code(body));
        Assert.Equal(500, Error(body)!.Detail<long>("retryAfterMs"));
        Assert.Contains("2 HTTP requests a second", Error(body)!.Message, StringComparison.Ordinal);

        gw.Clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True((await gw.RequestAsync("sessions.list")).Ok);
        Assert.Equal(ErrorCode.RateLimited, (await gw.RequestAsync("sessions.list")).Error?.Code);
    }

    [Fact]
    public async Task Probes_AreNeitherCountedNorRefused()
    {
        await using var gw = await TestGateway.StartAsync(HttpRate(perSecond: 1, burst: 2));
        foreach (var path in new[] { "/healthz", "/readyz", "/metrics", "/healthz", "/readyz" })
        {
            Assert.Equal(HttpStatusCode.OK, (await gw.Http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }

        Assert.True((await gw.RequestAsync("sessions.list")).Ok);
        Assert.True((await gw.RequestAsync("sessions.list")).Ok);
        Assert.Equal(ErrorCode.RateLimited, (await gw.RequestAsync("sessions.list")).Error?.Code);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await gw.Http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await gw.Http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gw.Http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        Assert.Equal(2, await RefusalsAsync(gw, "http_rate"));
    }

    [Fact]
    public async Task TheRate_IsPerAddress_SoOneFloodingClientDoesNotLimitAnother()
    {
        await using var gw = await TestGateway.StartAsync(HttpRate(perSecond: 1, burst: 2));
        using var other = ClientFrom(IPAddress.Parse("127.0.0.2"));
        other.BaseAddress = gw.Host.Address;
        other.DefaultRequestHeaders.Authorization = new("Bearer", gw.Token);
        var otherApi = new CairnHttpClient(other);

        await gw.RequestAsync("sessions.list");
        await gw.RequestAsync("sessions.list");
        Assert.Equal(ErrorCode.RateLimited, (await gw.RequestAsync("sessions.list")).Error?.Code);

        Assert.True((await otherApi.RequestAsync<SessionsListResult>("sessions.list")).Ok);
        Assert.Equal(2, gw.Service<HttpRateLimiter>().TrackedAddresses);
    }

    [Fact]
    public async Task AWebSocketOverTheCap_IsClosedWith1013_AndAPlaceThatFreesUpCanBeTaken()
    {
        await using var gw = await TestGateway.StartAsync(Limits(l => l with { MaxWebSockets = 2 }));
        await using var first = await gw.ConnectWsAsync();
        var second = await gw.ConnectWsAsync();

        using var third = new ClientWebSocket();
        await third.ConnectAsync(new UriBuilder(gw.Host.Address) { Scheme = "ws", Path = "/ws" }.Uri, CancellationToken.None);
        using var timeout = new CancellationTokenSource(WsTestClient.Timeout);
        var closed = await third.ReceiveAsync(new byte[256], timeout.Token);

        Assert.Equal(WebSocketMessageType.Close, closed.MessageType);
        Assert.Equal(1013, (int)closed.CloseStatus!.Value);
        Assert.Contains("gateway.limits.maxWebSockets", closed.CloseStatusDescription, StringComparison.Ordinal);
        Assert.Equal(1, await RefusalsAsync(gw, "websockets"));

        await second.DisposeAsync();
        await WaitUntilAsync(() => gw.Service<WebSocketGate>().Open < 2);
        await using var again = await gw.ConnectWsAsync();
        Assert.True((await again.RequestAsync<SessionsListResult>("sessions.list")).Ok);
    }

    [Fact]
    public async Task AConnectionOverTheCap_Gets503WithRetryAfterAndTheErrorBody_BeforeAnyEndpointRuns()
    {
        await using var gw = await TestGateway.StartAsync(Limits(l => l with { MaxConnections = 2 }));
        var address = new IPEndPoint(IPAddress.Loopback, gw.Host.Address.Port);
        using var one = new TcpClient();
        using var two = new TcpClient();
        await one.ConnectAsync(address);
        await two.ConnectAsync(address);
        await WaitUntilAsync(() => gw.Service<ConnectionLimit>().Open == 2);

        var refused = await RawGetAsync(address, "/healthz");

        Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", refused, StringComparison.Ordinal);
        Assert.Contains("\r\nRetry-After: 1\r\n", refused, StringComparison.Ordinal);
        var body = JsonDocument.Parse(refused[(refused.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).RootElement;
        Assert.Equal(ErrorCode.Unavailable, Code(body));
        Assert.Equal("too_many_connections", Error(body)!.Detail<string>("reason"));
        Assert.Contains("gateway.limits.maxConnections", Error(body)!.Message, StringComparison.Ordinal);

        one.Dispose();
        await WaitUntilAsync(() => gw.Service<ConnectionLimit>().Open < 2);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await RawGetAsync(address, "/healthz"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("httpRequestsPerSecond", "0")]
    [InlineData("httpRequestBurst", "-1")]
    [InlineData("maxConnections", "1")]
    [InlineData("maxWebSockets", "many")]
    public void ABadLimit_NamesItsKey(string key, string value)
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, ConfigLoader.FileName), $"gateway:\n  limits:\n    {key}: {value}\n");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.Path, environment: []));

        Assert.Contains($"gateway.limits.{key}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLimits_HaveTheDocumentedDefaults()
    {
        using var dir = new TempDir();
        var limits = ConfigLoader.Load(dir.Path, environment: []).Gateway.Limits;

        Assert.Equal((200, 400, 1024, 256), (limits.HttpRequestsPerSecond, limits.HttpRequestBurst, limits.MaxConnections, limits.MaxWebSockets));
    }

    /// <summary>One request on a fresh connection, read to the end (the gateway closes it after the answer).</summary>
    private static async Task<string> RawGetAsync(IPEndPoint address, string path)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        using var timeout = new CancellationTokenSource(WsTestClient.Timeout);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(timeout.Token);
    }

    private static async Task<double> RefusalsAsync(TestGateway gw, string limit) =>
        PrometheusText.Parse(await gw.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Value("cairn_limit_refusals_total", ("limit", limit));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(WsTestClient.Timeout);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
