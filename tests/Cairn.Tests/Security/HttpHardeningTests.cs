using System.Net;
using Cairn.Protocol;
using Cairn.Tests.Support;
using Cairn.Transport;
using static Cairn.Tests.Security.SecurityHttp;

namespace Cairn.Tests.Security;

/// <summary>Headers, CORS, content types and body limits of the HTTP side.</summary>
public sealed class HttpHardeningTests
{
    private const string CreateBody = """{"method":"sessions.create","params":{"label":"Forged"}}""";

    [Fact]
    public async Task Ui_HasSecurityHeaders_AndAStrictContentSecurityPolicy()
    {
        await using var gw = await TestGateway.StartAsync();

        using var response = await gw.Http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/healthz")]
    [InlineData("/chat?session=main")]
    public async Task EveryResponse_CarriesTheHeaders(string path)
    {
        await using var gw = await TestGateway.StartAsync();

        using var response = path == "/api"
            ? await gw.Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))
            : await gw.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task CrossOriginRequests_GetNoCorsHeaders_ByDefault()
    {
        await using var gw = await TestGateway.StartAsync();
        var post = ApiRequest(gw, """{"method":"sessions.list"}""", bearer: gw.Token);
        post.Headers.Add("Origin", "https://evil.example");
        var preflight = new HttpRequestMessage(HttpMethod.Options, Api(gw));
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");

        var (postResponse, _) = await SendAsync(gw.Http, post);
        var (preflightResponse, _) = await SendAsync(gw.Http, preflight);

        foreach (var response in new[] { postResponse, preflightResponse })
        {
            Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        }

        Assert.NotEqual(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, preflightResponse.StatusCode);
    }

    [Fact]
    public async Task ConfiguredCorsOrigin_GetsHeadersForItselfOnly()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { CorsOrigins = ["https://tools.example"] } });
        var preflight = new HttpRequestMessage(HttpMethod.Options, Api(gw));
        preflight.Headers.Add("Origin", "https://tools.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var listed = ApiRequest(gw, """{"method":"sessions.list"}""", bearer: gw.Token);
        listed.Headers.Add("Origin", "https://tools.example");
        var other = ApiRequest(gw, """{"method":"sessions.list"}""", bearer: gw.Token);
        other.Headers.Add("Origin", "https://evil.example");

        var (preflightResponse, _) = await SendAsync(gw.Http, preflight);
        var (listedResponse, _) = await SendAsync(gw.Http, listed);
        var (otherResponse, _) = await SendAsync(gw.Http, other);

        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.Equal("https://tools.example", preflightResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Authorization", preflightResponse.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        Assert.False(preflightResponse.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Equal("https://tools.example", listedResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "method=sessions.create&params=%7B%22label%22%3A%22Forged%22%7D")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"method\"\r\n\r\nsessions.create\r\n--x--")]
    [InlineData("text/plain", CreateBody)]
    [InlineData("application/jsonp", CreateBody)]
    [InlineData("application/json-patch+json", CreateBody)]
    public async Task CrossSiteFormPosts_AreRefused_EvenWithTheToken_AndChangeNothing(string contentType, string body)
    {
        await using var gw = await TestGateway.StartAsync();

        var (response, reply) = await SendAsync(gw.Http, ApiRequest(gw, body, contentType, bearer: gw.Token));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCode.InvalidRequest, Code(reply));
        Assert.Contains("application/json", Error(reply)!.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync("sessions.get", new SessionGetParams("forged"))).Error?.Code);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    public async Task JsonContentTypes_AreAccepted(string contentType)
    {
        await using var gw = await TestGateway.StartAsync();

        var (response, _) = await SendAsync(gw.Http, ApiRequest(gw, CreateBody, contentType, bearer: gw.Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimit_IsPayloadTooLarge()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { MaxPayloadBytes = 4096 } });
        var request = new HttpRequestMessage(HttpMethod.Post, Api(gw))
        {
            Content = new PushStreamContentWithoutLength($$$"""{"method":"sessions.list","params":{"search":"{{{new string('a', 10_000)}}}"}}"""),
        };

        var (response, body) = await SendAsync(gw.Http, request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(ErrorCode.PayloadTooLarge, Code(body));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("\"><svg/onload=alert(1)>")]
    [InlineData("{{constructor.constructor('alert(1)')()}}")]
    [InlineData("javascript:alert(1)")]
    public async Task HtmlInLabelsAndDescriptions_IsStoredAndReturnedVerbatim(string payload)
    {
        await using var gw = await TestGateway.StartAsync();

        var created = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(payload, "xss", payload + " & more"));
        var fetched = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("xss"))).Entry;
        var (raw, _) = await SendAsync(gw.Http, ApiRequest(gw, """{"method":"sessions.get","params":{"key":"xss"}}""", bearer: gw.Token));

        Assert.Equal(payload, created.Entry.Label);
        Assert.Equal(payload, fetched.Label);
        Assert.Equal(payload + " & more", fetched.Description);
        Assert.Equal("application/json", raw.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", raw.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)> & \"quotes\" 'too'")]
    public async Task HtmlInChatMessages_IsStoredAndReturnedVerbatim(string payload)
    {
        await using var gw = await TestGateway.StartAsync();

        var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(payload, "main", Wait: true));
        var history = (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"))).Messages;

        Assert.Equal(SendStatus.Final, sent.Status);
        Assert.Equal(payload, history.Single(m => m.Role == MessageRoles.User).Text);
        Assert.StartsWith("Echo: " + payload, history.Single(m => m.Role == MessageRoles.Assistant).Text, StringComparison.Ordinal);
    }

    /// <summary>A body sent with chunked transfer encoding, so the server cannot refuse it by Content-Length.</summary>
    private sealed class PushStreamContentWithoutLength : HttpContent
    {
        private readonly byte[] _bytes;

        public PushStreamContentWithoutLength(string text)
        {
            _bytes = System.Text.Encoding.UTF8.GetBytes(text);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
