using System.Net.Http.Headers;
using System.Text.Json;

namespace Cairn.Bench;

/// <summary><c>POST /api</c> with a Bearer token, on its own keep-alive connection.</summary>
internal sealed class HttpRpcClient : IRpcClient
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly HttpClient _http;

    public HttpRpcClient(Uri address, string token)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) };
        _http = new HttpClient(handler) { BaseAddress = address, Timeout = Rpc.Timeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public string Transport => "http";

    public async Task<JsonElement> CallAsync(string method, object? parameters, CancellationToken ct)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new { method, @params = parameters }, Rpc.Json));
        content.Headers.ContentType = JsonType;
        using var response = await _http.PostAsync(new Uri("/api", UriKind.Relative), content, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            throw new RpcError(method, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), "the reply is not JSON");
        }

        if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
        {
            return root.GetProperty("result");
        }

        throw Rpc.ErrorFrom(method, root.TryGetProperty("error", out var error) ? error : default);
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
