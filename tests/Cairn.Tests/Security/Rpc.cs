using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Cairn.Tests.Security;

/// <summary>One reply, whichever transport carried it.</summary>
internal sealed record RpcReply(bool Ok, JsonElement Value, string? Code, int HttpStatus)
{
    public JsonElement Entry => Value.GetProperty("entry");

    public override string ToString() => Ok ? $"ok {Value}" : $"{Code} ({HttpStatus}) {Value}";
}

/// <summary>A caller of the method table over HTTP or WebSocket, so load tests can mix both transports.</summary>
internal sealed class Rpc : IAsyncDisposable
{
    private readonly HttpClient? _http;
    private readonly LoadWsClient? _ws;

    private Rpc(HttpClient? http, LoadWsClient? ws)
    {
        _http = http;
        _ws = ws;
    }

    public string Transport => _http is null ? "ws" : "http";

    public static Rpc Http(Uri address, string token)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new Rpc(http, null);
    }

    public static async Task<Rpc> WsAsync(Uri address, string token) => new(null, await LoadWsClient.ConnectAsync(address, token));

    public long EventCount => _ws?.EventCount ?? 0;

    public long EventsOf(string name) => _ws?.EventsOf(name) ?? 0;

    public Task<RpcReply> CallAsync(string method, object? parameters = null) =>
        CallRawAsync(method, parameters is null ? "null" : JsonSerializer.Serialize(parameters));

    /// <summary>Sends <paramref name="paramsJson"/> as the params exactly as given.</summary>
    public async Task<RpcReply> CallRawAsync(string method, string paramsJson)
    {
        if (_ws is not null)
        {
            var frame = await _ws.RequestAsync(method, paramsJson);
            return frame.GetProperty("ok").GetBoolean()
                ? new RpcReply(true, frame.GetProperty("payload"), null, 200)
                : new RpcReply(false, frame.GetProperty("error"), frame.GetProperty("error").GetProperty("code").GetString(), 0);
        }

        var body = $$"""{"method":{{JsonSerializer.Serialize(method)}},"params":{{paramsJson}}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http!.PostAsync(new Uri("/api", UriKind.Relative), content);
        var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return reply.GetProperty("ok").GetBoolean()
            ? new RpcReply(true, reply.GetProperty("result"), null, (int)response.StatusCode)
            : new RpcReply(false, reply.GetProperty("error"), reply.GetProperty("error").GetProperty("code").GetString(), (int)response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_ws is not null)
        {
            await _ws.DisposeAsync();
        }
    }
}
