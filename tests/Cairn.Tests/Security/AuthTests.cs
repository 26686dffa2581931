using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using Cairn.Config;
using Cairn.Gateway;
using Cairn.Hosting;
using Cairn.Protocol;
using Cairn.Tests.Support;
using static Cairn.Tests.Security.SecurityHttp;

namespace Cairn.Tests.Security;

/// <summary>
/// Every way to present (or fail to present) the token, on both transports. The token counts only in
/// <c>Authorization: Bearer</c> over HTTP and in the <c>connect</c> params over WebSocket.
/// </summary>
public sealed class AuthTests
{
    private const string ListBody = """{"method":"sessions.list"}""";
    private const string CreateBody = """{"method":"sessions.create","params":{"label":"Sneaky"}}""";

    [Fact]
    public async Task Api_WithoutToken_IsUnauthorized_AndNothingChanges()
    {
        await using var gw = await TestGateway.StartAsync();
        using var client = new HttpClient();

        var (response, body) = await SendAsync(client, ApiRequest(gw, CreateBody));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCode.Unauthorized, Code(body));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync("sessions.get", new SessionGetParams("sneaky"))).Error?.Code);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("")]
    public async Task Api_WithWrongToken_IsUnauthorized(string token)
    {
        await using var gw = await TestGateway.StartAsync();
        using var client = new HttpClient();

        var (response, body) = await SendAsync(client, ApiRequest(gw, CreateBody, bearer: token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCode.Unauthorized, Code(body));
        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync("sessions.get", new SessionGetParams("sneaky"))).Error?.Code);
    }

    [Fact]
    public async Task Api_WithTokenPrefixOrSuffix_IsUnauthorized()
    {
        await using var gw = await TestGateway.StartAsync();
        using var client = new HttpClient();

        var (prefix, _) = await SendAsync(client, ApiRequest(gw, ListBody, bearer: gw.Token![..^1]));
        var (suffix, _) = await SendAsync(client, ApiRequest(gw, ListBody, bearer: gw.Token + "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, prefix.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, suffix.StatusCode);
    }

    [Fact]
    public async Task Api_WithTokenInQueryString_IsUnauthorized()
    {
        await using var gw = await TestGateway.StartAsync();
        using var client = new HttpClient();

        var (response, body) = await SendAsync(client, ApiRequest(gw, ListBody, query: "?token=" + gw.Token));
        var (accessToken, _) = await SendAsync(client, ApiRequest(gw, ListBody, query: "?access_token=" + gw.Token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCode.Unauthorized, Code(body));
        Assert.Equal(HttpStatusCode.Unauthorized, accessToken.StatusCode);
    }

    [Fact]
    public async Task Api_WithTokenInCookie_IsUnauthorized()
    {
        await using var gw = await TestGateway.StartAsync();
        using var client = new HttpClient();
        var request = ApiRequest(gw, ListBody);
        request.Headers.Add("Cookie", $"token={gw.Token}; cairn_token={gw.Token}; Authorization=Bearer {gw.Token}");

        var (response, body) = await SendAsync(client, request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCode.Unauthorized, Code(body));
    }

    [Fact]
    public async Task Api_WithTokenInBody_IsUnauthorized()
    {
        await using var gw = await TestGateway.StartAsync();
        using var client = new HttpClient();

        var (top, topBody) = await SendAsync(client, ApiRequest(gw, $$"""{"method":"sessions.list","token":"{{gw.Token}}"}"""));
        var (inParams, _) = await SendAsync(client, ApiRequest(gw, $$$"""{"method":"sessions.list","params":{"token":"{{{gw.Token}}}"}}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, top.StatusCode);
        Assert.Equal(ErrorCode.Unauthorized, Code(topBody));
        Assert.Equal(HttpStatusCode.Unauthorized, inParams.StatusCode);
    }

    [Fact]
    public async Task Api_WithOtherAuthScheme_IsUnauthorized()
    {
        await using var gw = await TestGateway.StartAsync();
        using var client = new HttpClient();
        var request = ApiRequest(gw, ListBody);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("cairn:" + gw.Token)));

        var (response, _) = await SendAsync(client, request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_WithBearerToken_Works()
    {
        await using var gw = await TestGateway.StartAsync();
        using var client = new HttpClient();

        var (response, body) = await SendAsync(client, ApiRequest(gw, ListBody, bearer: gw.Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(IsOk(body));
    }

    [Fact]
    public async Task Ws_ConnectWithoutToken_IsUnauthorized_AndClosedWithPolicyViolation()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await RawWsAsync(gw);

        var res = await ws.RequestAsync<Hello>("connect", new ConnectParams(Client: new ConnectClient("t")));
        await ws.WaitClosedAsync();

        Assert.Equal(ErrorCode.Unauthorized, res.Error?.Code);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, ws.CloseStatus);
    }

    [Fact]
    public async Task Ws_TokenInQueryString_DoesNotAuthenticate()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await RawWsAsync(gw, query: "token=" + gw.Token);

        var res = await ws.RequestAsync<Hello>("connect", new ConnectParams(Client: new ConnectClient("t")));
        await ws.WaitClosedAsync();

        Assert.Equal(ErrorCode.Unauthorized, res.Error?.Code);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, ws.CloseStatus);
    }

    [Fact]
    public async Task Ws_TokenInCookieOrAuthorizationHeader_DoesNotAuthenticate()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await RawWsAsync(gw, configure: o =>
        {
            o.SetRequestHeader("Cookie", $"token={gw.Token}");
            o.SetRequestHeader("Authorization", $"Bearer {gw.Token}");
        });

        var res = await ws.RequestAsync<Hello>("connect", new ConnectParams(Client: new ConnectClient("t")));
        await ws.WaitClosedAsync();

        Assert.Equal(ErrorCode.Unauthorized, res.Error?.Code);
    }

    [Fact]
    public async Task Ws_RequestWithTokenButNoConnect_IsUnauthorized()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await RawWsAsync(gw);

        var res = await ws.RequestAsync<SessionsCreateResult>("sessions.create", new { label = "Sneaky", token = gw.Token });
        await ws.WaitClosedAsync();

        Assert.Equal(ErrorCode.Unauthorized, res.Error?.Code);
        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync("sessions.get", new SessionGetParams("sneaky"))).Error?.Code);
    }

    [Fact]
    public async Task Ws_CrossOriginPage_IsRefusedWith403()
    {
        await using var gw = await TestGateway.StartAsync();

        var status = await RefusedUpgradeStatusAsync(gw, o => o.SetRequestHeader("Origin", "https://evil.example"));
        var nullOrigin = await RefusedUpgradeStatusAsync(gw, o => o.SetRequestHeader("Origin", "null"));
        var otherPort = await RefusedUpgradeStatusAsync(gw, o => o.SetRequestHeader("Origin", $"http://127.0.0.1:{gw.Host.Address.Port + 1}"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(HttpStatusCode.Forbidden, nullOrigin);
        Assert.Equal(HttpStatusCode.Forbidden, otherPort);
    }

    [Fact]
    public async Task Ws_SameOriginAndListedOrigins_AreAccepted()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { AllowedOrigins = ["https://app.example/"] } });
        var self = gw.Host.Address.GetLeftPart(UriPartial.Authority);

        await using var same = await gw.ConnectWsAsync(origin: self);
        await using var listed = await gw.ConnectWsAsync(origin: "https://APP.example");

        Assert.True((await same.RequestAsync<SessionsListResult>("sessions.list")).Ok);
        Assert.True((await listed.RequestAsync<SessionsListResult>("sessions.list")).Ok);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5004")]
    [InlineData("localhost.evil.example")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("192.168.1.10")]
    public async Task WrongHostHeader_IsRefused_OnHttpAndWs(string host)
    {
        await using var gw = await TestGateway.StartAsync();
        var request = ApiRequest(gw, ListBody, bearer: gw.Token);
        request.Headers.Host = host;

        var (response, _) = await SendAsync(gw.Http, request);
        var ws = await RefusedUpgradeStatusAsync(gw, o => o.SetRequestHeader("Host", host));

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, ws);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task LoopbackHostHeaders_AreAnswered(string host)
    {
        await using var gw = await TestGateway.StartAsync();
        var request = ApiRequest(gw, ListBody, bearer: gw.Token);
        request.Headers.Host = $"{host}:{gw.Host.Address.Port}";

        var (response, _) = await SendAsync(gw.Http, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WideBind_WithoutAllowedOrigins_OrWithAuthNone_RefusesToStart_NamingBothKeys()
    {
        using var dir = new TempDir();
        var config = CairnConfig.Default with { Gateway = CairnConfig.Default.Gateway with { Bind = "0.0.0.0", Port = 0, Auth = AuthMode.None } };

        var ex = await Assert.ThrowsAsync<GatewayStartException>(() => GatewayHost.StartAsync(new GatewayStartOptions(dir.Path, config)));

        Assert.Contains("gateway.auth.mode", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gateway.allowedOrigins", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "cairn.db")));
    }

    [Fact]
    public async Task WideBind_WithWildcardOrigin_RefusesToStart()
    {
        using var dir = new TempDir();
        var config = CairnConfig.Default with { Gateway = CairnConfig.Default.Gateway with { Bind = "::", Port = 0, AllowedOrigins = ["*"] } };

        var ex = await Assert.ThrowsAsync<GatewayStartException>(() => GatewayHost.StartAsync(new GatewayStartOptions(dir.Path, config)));

        Assert.Contains("gateway.allowedOrigins is *", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthNone_OnLoopback_LetsEveryoneIn()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { Auth = AuthMode.None } });
        using var client = new HttpClient();

        var (response, _) = await SendAsync(client, ApiRequest(gw, ListBody));

        Assert.Null(gw.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
