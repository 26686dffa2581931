using Cairn.Client;

namespace Cairn.Bench;

/// <summary><c>POST /api</c> with a Bearer token, on its own keep-alive connection.</summary>
internal sealed class HttpRpcClient : IRpcClient
{
    private readonly CairnHttpClient _api;

    public HttpRpcClient(Uri address, string token)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) };
        var http = new HttpClient(handler) { BaseAddress = address, Timeout = Rpc.Timeout };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        _api = new CairnHttpClient(http, ownsHttp: true);
    }

    public string Transport => "http";

    public Task<T> CallAsync<T>(string method, object? parameters, CancellationToken ct) => _api.CallAsync<T>(method, parameters, ct);

    public ValueTask DisposeAsync()
    {
        _api.Dispose();
        return ValueTask.CompletedTask;
    }
}
