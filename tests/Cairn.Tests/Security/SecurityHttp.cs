using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Security;

/// <summary>Raw requests the normal test clients never make: odd headers, tokens in odd places, another source address.</summary>
internal static class SecurityHttp
{
    public static Uri Api(TestGateway gw) => new(gw.Host.Address, "/api");

    /// <summary>A POST to /api with no default headers: the caller adds whatever the case needs.</summary>
    public static HttpRequestMessage ApiRequest(TestGateway gw, string body, string contentType = "application/json", string? bearer = null, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gw.Host.Address, "/api" + query))
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var body = text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement.Clone() : JsonSerializer.SerializeToElement(text);
            return (response, body);
        }
    }

    /// <summary>The error of a raw <c>/api</c> body, read with the protocol's records; null for a success or no JSON.</summary>
    public static ProtocolError? Error(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object ? body.Deserialize<RawReply>(ProtocolJson.Options)?.Error : null;

    public static ErrorCode? Code(JsonElement body) => Error(body)?.Code;

    /// <summary>Whether a raw <c>/api</c> body says ok.</summary>
    public static bool IsOk(JsonElement body) => body.ValueKind == JsonValueKind.Object && body.Deserialize<RawReply>(ProtocolJson.Options)?.Ok == true;

    private sealed record RawReply(bool Ok, JsonElement? Result = null, ProtocolError? Error = null);

    /// <summary>An HTTP client whose connections come from <paramref name="local"/> (any 127.x.y.z is this machine on Linux).</summary>
    public static HttpClient ClientFrom(IPAddress local) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });

    /// <summary>A WebSocket to /ws without the handshake; <paramref name="configure"/> sets headers, <paramref name="query"/> is appended.</summary>
    public static Task<WsTestClient> RawWsAsync(TestGateway gw, string query = "", Action<ClientWebSocketOptions>? configure = null) =>
        OpenWsAsync(gw, handshake: false, query, configure);

    public static Task<WsTestClient> OpenWsAsync(TestGateway gw, bool handshake = true, string query = "", Action<ClientWebSocketOptions>? configure = null) =>
        WsTestClient.OpenAsync(gw.Host.Address, WsTestClient.Options(gw.Token, "security-test") with { Query = query, ConfigureSocket = configure }, handshake);

    /// <summary>The HTTP status a refused WebSocket upgrade got.</summary>
    public static async Task<HttpStatusCode> RefusedUpgradeStatusAsync(TestGateway gw, Action<ClientWebSocketOptions> configure)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure(socket.Options);
        var uri = new UriBuilder(gw.Host.Address) { Scheme = "ws", Path = "/ws" }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));
        return socket.HttpStatusCode;
    }
}
