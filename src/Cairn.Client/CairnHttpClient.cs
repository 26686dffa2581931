using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Client;

/// <summary>
/// Calls a gateway's methods over <c>POST /api</c> with the same typed surface as <see cref="CairnConnection"/>, and
/// reads <c>GET /healthz</c>. Every call has a timeout (the <see cref="HttpClient"/>'s).
/// </summary>
public sealed class CairnHttpClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client with its own connection pool; <paramref name="token"/> goes in <c>Authorization: Bearer</c>.</summary>
    public CairnHttpClient(Uri gateway, string? token, TimeSpan? timeout = null)
        : this(new HttpClient { BaseAddress = gateway, Timeout = timeout ?? TimeSpan.FromSeconds(60) }, ownsHttp: true)
    {
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>A client over <paramref name="http"/>, whose base address and headers the caller set.</summary>
    public CairnHttpClient(HttpClient http, bool ownsHttp = false)
    {
        _http = http;
        _ownsHttp = ownsHttp;
    }

    public Uri BaseAddress => _http.BaseAddress ?? throw new InvalidOperationException("The HttpClient has no BaseAddress.");

    /// <summary>Calls a method; returns its result, or throws <see cref="CairnCallException"/> with the gateway's error.</summary>
    public async Task<TResult> CallAsync<TResult>(string method, object? parameters = null, CancellationToken ct = default) =>
        (await RequestAsync<TResult>(method, parameters, ct)).Result;

    /// <summary>Calls a method; returns its result or its error (and the HTTP status) as a value.</summary>
    public async Task<RpcReply<TResult>> RequestAsync<TResult>(string method, object? parameters = null, CancellationToken ct = default)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new ApiRequest(method, parameters), ProtocolJson.Options));
        content.Headers.ContentType = Json;
        return await PostAsync<TResult>(method, content, ct);
    }

    /// <summary>Posts <paramref name="body"/> exactly as given (malformed on purpose, say) and reads the reply typed.</summary>
    public async Task<RpcReply<JsonElement>> PostRawAsync(string body, string contentType = "application/json", CancellationToken ct = default)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await PostAsync<JsonElement>("", content, ct);
    }

    /// <summary>Posts bytes exactly as given (not even valid UTF-8, say) and reads the reply typed.</summary>
    public async Task<RpcReply<JsonElement>> PostRawAsync(ReadOnlyMemory<byte> body, string contentType = "application/json", CancellationToken ct = default)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await PostAsync<JsonElement>("", content, ct);
    }

    /// <summary><c>GET /healthz</c>: the report, with the HTTP status (503 when the store does not answer).</summary>
    public async Task<(HttpStatusCode Status, HealthReport? Report)> HealthAsync(CancellationToken ct = default)
    {
        var (status, body) = await SendAsync(() => _http.GetAsync(new Uri("healthz", UriKind.Relative), ct), ct);
        try
        {
            return (status, JsonSerializer.Deserialize<HealthReport>(body, ProtocolJson.Options));
        }
        catch (JsonException ex)
        {
            if ((int)status is < 200 or > 299)
            {
                return (status, null);
            }

            throw new GatewayUnreachableException(BaseAddress, "not a Cairn gateway", ex);
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<RpcReply<T>> PostAsync<T>(string method, HttpContent content, CancellationToken ct)
    {
        var (status, body) = await SendAsync(() => _http.PostAsync(new Uri("api", UriKind.Relative), content, ct), ct);
        ApiEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<ApiEnvelope>(body, ProtocolJson.Options);
        }
        catch (JsonException)
        {
            envelope = null;
        }

        var reply = envelope is null
            ? new RpcReply<T>(default, new ProtocolError(ErrorCode.Unavailable,
                $"{BaseAddress} answered HTTP {(int)status} with something that is not a Cairn reply.")) { Method = method }
            : Replies.From<T>(method, envelope.Ok, envelope.Result, envelope.Error);
        return reply with { Status = status };
    }

    private async Task<(HttpStatusCode Status, byte[] Body)> SendAsync(Func<Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        try
        {
            using var response = await send();
            return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(ct));
        }
        catch (HttpRequestException ex)
        {
            throw new GatewayUnreachableException(BaseAddress, Why(ex), ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new GatewayUnreachableException(BaseAddress, $"no answer within {_http.Timeout.TotalSeconds:0.#} seconds", ex);
        }
    }

    private static string Why(HttpRequestException ex) => ex.InnerException is SocketException socket
        ? socket.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : socket.Message
        : ex.Message;
}
