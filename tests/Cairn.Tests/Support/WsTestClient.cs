using System.Net.WebSockets;
using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Tests.Support;

/// <summary>
/// A test's WebSocket connection: <see cref="CairnConnection"/> with test timeouts, the typed calls and events
/// forwarded, plus the raw-frame members that tests about the wire format need.
/// </summary>
public sealed class WsTestClient(CairnConnection connection) : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public CairnConnection Connection => connection;

    public Hello? Hello => connection.Hello;

    public WebSocketState State => connection.State;

    public WebSocketCloseStatus? CloseStatus => connection.CloseStatus;

    public string? CloseStatusDescription => connection.CloseStatusDescription;

    /// <summary>The options of a test connection: the token, a test client name, and no wait longer than 15 s.</summary>
    public static CairnConnectionOptions Options(string? token, string name = "test") => new()
    {
        Token = token,
        Client = new ConnectClient(name, "1"),
        ConnectTimeout = Timeout,
        RequestTimeout = Timeout,
        EventTimeout = Timeout,
    };

    public static async Task<WsTestClient> OpenAsync(Uri gateway, CairnConnectionOptions options, bool handshake)
    {
        var connection = await CairnConnection.OpenAsync(gateway, options);
        if (handshake)
        {
            await connection.HandshakeAsync();
        }

        return new WsTestClient(connection);
    }

    /// <summary>Events received that no <c>NextEventAsync</c> has taken yet.</summary>
    public IReadOnlyList<ServerEvent> PendingEvents => connection.PendingEvents;

    public Task<T> CallAsync<T>(string method, object? parameters = null) => connection.CallAsync<T>(method, parameters);

    public Task<RpcReply<T>> RequestAsync<T>(string method, object? parameters = null) => connection.RequestAsync<T>(method, parameters);

    public Task<T> NextEventAsync<T>(Func<T, bool>? match = null) => connection.NextEventAsync(match);

    public Task<ServerEvent> NextEventAsync(Func<ServerEvent, bool> match) => connection.NextEventAsync(match);

    /// <summary>The reply to a raw frame (or one the gateway could not give an id).</summary>
    public Task<RpcReply<JsonElement>> NextResponseAsync() => connection.NextResponseAsync();

    public Task SendRawAsync(string text) => connection.SendRawAsync(text);

    public Task SendRawAsync(byte[] bytes, WebSocketMessageType type, bool endOfMessage = true) =>
        connection.SendRawAsync(bytes, type, endOfMessage);

    /// <summary>Waits until the connection has ended (or the timeout passes).</summary>
    public async Task WaitClosedAsync()
    {
        try
        {
            await connection.Closed.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>Raw JSON: the reply frame as the wire has it (<c>{type, id, ok, payload | error}</c>).</summary>
    public async Task<JsonElement> RequestAsync(string method, object? parameters = null)
    {
        var reply = await connection.RequestAsync<JsonElement>(method, parameters);
        return JsonSerializer.SerializeToElement(
            new { type = "res", id = reply.Id, ok = reply.Ok, payload = reply.Ok ? reply.Value : (JsonElement?)null, error = reply.Error },
            ProtocolJson.Options);
    }

    /// <summary>Raw JSON: the next event frame (<c>{type, event, payload, seq}</c>) named <paramref name="name"/>.</summary>
    public async Task<JsonElement> NextEventAsync(string name, Func<JsonElement, bool>? where = null)
    {
        var evt = await connection.NextEventAsync(e => e.Name == name && (where is null || where(e.Json)));
        return JsonSerializer.SerializeToElement(new { type = "event", @event = evt.Name, payload = evt.Json, seq = evt.Seq }, ProtocolJson.Options);
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
