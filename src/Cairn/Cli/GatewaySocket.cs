using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// A WebSocket connection to a gateway's <c>/ws</c>, for <c>cairn chat</c> and <c>cairn status</c>: requests are
/// matched to responses by id; events are queued in arrival order for the caller to read.
/// </summary>
public sealed class GatewaySocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<GatewayReply>> _pending = new(StringComparer.Ordinal);
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Uri _url;
    private readonly Task _reader;
    private int _nextId;

    private GatewaySocket(ClientWebSocket socket, Uri url)
    {
        _socket = socket;
        _url = url;
        _reader = ReadLoopAsync();
    }

    /// <summary>Events (<c>{event, payload, seq}</c>) in arrival order; completes when the connection closes.</summary>
    public ChannelReader<JsonElement> Events => _events.Reader;

    /// <summary>Opens the socket and sends <c>connect</c>; the reply's result is the gateway's hello.</summary>
    public static async Task<(GatewaySocket? Socket, GatewayReply Hello)> ConnectAsync(ClientSettings settings, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        var url = new UriBuilder(new Uri(settings.Url, "ws")) { Scheme = settings.Url.Scheme == "https" ? "wss" : "ws" }.Uri;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await socket.ConnectAsync(url, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            socket.Dispose();
            return (null, GatewayReply.NotReached(settings.Url, ex.InnerException?.Message ?? ex.Message));
        }

        var connection = new GatewaySocket(socket, settings.Url);
        var hello = await connection.RequestAsync("connect", new { token = settings.Token, client = new { name = "cairn-cli", version = Hello.ServerVersion } }, ct);
        if (!hello.Ok)
        {
            await connection.DisposeAsync();
            return (null, hello);
        }

        return (connection, hello);
    }

    public async Task<GatewayReply> RequestAsync(string method, object? parameters, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var answer = new TaskCompletionSource<GatewayReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var frame = JsonSerializer.SerializeToUtf8Bytes(new { type = "req", id, method, @params = parameters ?? new { } }, ProtocolJson.Options);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            _pending.TryRemove(id, out _);
            return Lost();
        }

        return await answer.Task.WaitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Already gone.
            }
        }

        _socket.Abort();
        await _reader;
        _socket.Dispose();
    }

    private GatewayReply Lost() => GatewayReply.NotReached(_url, "the connection was closed");

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && await WebSocketMessages.ReceiveAsync(_socket, buffer, message))
            {
                Dispatch(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
            }
        }
        catch (Exception ex) when (ex is WebSocketException or JsonException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection ended; everyone waiting is told below.
        }
        finally
        {
            _events.Writer.TryComplete();
            foreach (var waiting in _pending.Values)
            {
                waiting.TrySetResult(Lost());
            }
        }
    }

    private void Dispatch(JsonElement frame)
    {
        var type = frame.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "event")
        {
            _events.Writer.TryWrite(frame);
            return;
        }

        if (type != "res" || !frame.TryGetProperty("id", out var idElement) || !_pending.TryRemove(idElement.ToString(), out var waiting))
        {
            return;
        }

        if (frame.GetProperty("ok").GetBoolean())
        {
            waiting.TrySetResult(new GatewayReply(frame.TryGetProperty("payload", out var payload) ? payload : default));
            return;
        }

        var error = frame.GetProperty("error");
        waiting.TrySetResult(GatewayReply.Fail(error.GetProperty("code").GetString() ?? "INTERNAL", error.GetProperty("message").GetString() ?? ""));
    }
}
