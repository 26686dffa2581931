using System.Collections.Concurrent;
using Cairn.Protocol;

namespace Cairn.Tests.Security;

/// <summary>A caller of the method table over HTTP or WebSocket, so load tests can mix both transports.</summary>
internal sealed class Rpc : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly CairnHttpClient? _http;
    private readonly CairnConnection? _ws;
    private readonly ConcurrentDictionary<string, long> _events = new(StringComparer.Ordinal);
    private readonly IDisposable? _counting;

    private Rpc(CairnHttpClient? http, CairnConnection? ws)
    {
        _http = http;
        _ws = ws;
        _counting = ws?.Subscribe(Count);
    }

    public string Transport => _ws is null ? "http" : "ws";

    /// <summary>The WebSocket's state and, once closed, why (e.g. dropped as too slow a reader); null over HTTP.</summary>
    public string? Connection => _ws is null ? null : $"{_ws.State} {_ws.CloseStatus} {_ws.CloseStatusDescription}".TrimEnd();

    public static Rpc Http(Uri address, string token) => new(new CairnHttpClient(address, token, Timeout), null);

    /// <summary>A connection that only counts its events (thousands of them cost neither memory nor scanning time).</summary>
    public static async Task<Rpc> WsAsync(Uri address, string token) => new(null, await CairnConnection.ConnectAsync(address, new CairnConnectionOptions
    {
        Token = token,
        Client = new ConnectClient("security-load", "1"),
        ConnectTimeout = Timeout,
        RequestTimeout = Timeout,
        EventBufferCapacity = 0,
    }));

    /// <summary>Events seen, by name (and by reason for <c>sessions.changed</c>, e.g. <c>sessions.changed:created</c>).</summary>
    public long EventsOf(string name) => _events.GetValueOrDefault(name);

    public Task<RpcReply<T>> CallAsync<T>(string method, object? parameters = null) =>
        _ws is not null ? _ws.RequestAsync<T>(method, parameters) : _http!.RequestAsync<T>(method, parameters);

    public async ValueTask DisposeAsync()
    {
        _counting?.Dispose();
        _http?.Dispose();
        if (_ws is not null)
        {
            await _ws.DisposeAsync();
        }
    }

    private void Count(ServerEvent evt)
    {
        var name = evt.Payload is SessionsChangedEvent changed ? $"{evt.Name}:{changed.Reason.WireName()}" : evt.Name;
        _events.AddOrUpdate(name, 1, (_, n) => n + 1);
    }
}
