using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Cairn.Config;
using Cairn.Protocol;

namespace Cairn.Gateway;

/// <summary>
/// One WebSocket client. A read loop parses frames and starts each request as its own task; a single write
/// loop sends responses and events in order from a bounded outbox, numbering events per connection.
/// The first request must be <c>connect</c> with the token; anything else closes the socket.
/// </summary>
public sealed class WsConnection(
    WebSocket socket, MethodDispatcher dispatcher, EventHub events, GatewayAuth auth, CairnConfig config,
    ProviderInfo provider, IHostApplicationLifetime lifetime, ILogger<WsConnection> logger) : IDisposable
{
    public const int MaxInFlight = 64;
    private const int OutboxCapacity = 2048;

    private readonly Channel<object> _outbox = Channel.CreateBounded<object>(new BoundedChannelOptions(OutboxCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly CancellationTokenSource _closing = new();
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private IDisposable? _subscription;
    private string _client = "unknown";
    private int _inFlight;
    private (WebSocketCloseStatus Status, string Reason)? _closeWith;

    public async Task RunAsync(CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token);
        var writer = WriteLoopAsync(linked.Token);
        using var stopping = lifetime.ApplicationStopping.Register(() => _ = ShutdownAsync(writer));
        try
        {
            await ReadLoopAsync(linked.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            _closeWith ??= (WebSocketCloseStatus.EndpointUnavailable, "connection lost");
        }
        finally
        {
            _subscription?.Dispose();
            _outbox.Writer.TryComplete();
        }

        await writer;
        await CloseAsync();
        Log.SocketClosed(logger, _id, _closeWith?.Reason ?? "client closed");
    }

    public void Dispose() => _closing.Dispose();

    /// <summary>
    /// Gateway stopping: flush what is queued and send close 1001 at once, so clients start reconnecting now
    /// rather than after the host's drain timeout. The read loop ends when the client answers the close.
    /// </summary>
    private async Task ShutdownAsync(Task writer)
    {
        _closeWith ??= (WebSocketCloseStatus.EndpointUnavailable, "gateway shutting down");
        _outbox.Writer.TryComplete();
        await writer;
        await CloseAsync();
        _closing.CancelAfter(TimeSpan.FromSeconds(1)); // a client that never answers the close must not hold up shutdown
    }

    private async Task ReadLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open && _closeWith is null)
        {
            message.SetLength(0);
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (message.Length + result.Count > config.Gateway.MaxPayloadBytes)
                {
                    await AbortAsync(ErrorCode.PayloadTooLarge, $"Frame larger than {config.Gateway.MaxPayloadBytes} bytes.", WebSocketCloseStatus.MessageTooBig);
                    return;
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType != WebSocketMessageType.Text)
            {
                await Send(ResponseFrame.Fail(null, ErrorCode.InvalidRequest, "Only JSON text frames are accepted."), ct);
                continue;
            }

            await HandleFrameAsync(message.GetBuffer().AsMemory(0, (int)message.Length), ct);
        }
    }

    private async Task HandleFrameAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            await Send(ResponseFrame.Fail(null, ErrorCode.InvalidRequest, "The frame is not valid JSON."), ct);
            return;
        }

        using (document)
        {
            if (!TryReadRequest(document.RootElement, out var id, out var method, out var parameters, out var problem))
            {
                await Send(ResponseFrame.Fail(id, ErrorCode.InvalidRequest, problem), ct);
                return;
            }

            if (_subscription is null)
            {
                await ConnectAsync(id, method, parameters, ct);
                return;
            }

            if (method == "connect")
            {
                await Send(ResponseFrame.Fail(id, ErrorCode.InvalidRequest, "Already connected."), ct);
                return;
            }

            if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
            {
                Interlocked.Decrement(ref _inFlight);
                await Send(ResponseFrame.Fail(id, ErrorCode.RateLimited, $"More than {MaxInFlight} requests are waiting for an answer; wait for some."), ct);
                return;
            }

            _ = RunRequestAsync(id, method, parameters, ct);
        }
    }

    private async Task RunRequestAsync(JsonElement? id, string method, JsonElement? parameters, CancellationToken ct)
    {
        try
        {
            var outcome = await dispatcher.DispatchAsync(method, parameters, new MethodContext("ws", _client, _id), ct);
            await Send(ResponseFrame.From(id, outcome), ct);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            // The connection closed while the request ran; the change (if any) is committed and announced.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task ConnectAsync(JsonElement? id, string method, JsonElement? parameters, CancellationToken ct)
    {
        if (method != "connect")
        {
            await AbortAsync(ErrorCode.Unauthorized, "The first request must be 'connect' with the token.", WebSocketCloseStatus.PolicyViolation, id);
            return;
        }

        var parsed = ParamsReader.Read<ConnectParams>(parameters);
        if (parsed.Error is { } error)
        {
            await Send(ResponseFrame.From(id, error), ct);
            return;
        }

        if (!auth.Check(parsed.Value!.Token))
        {
            Log.Refused(logger, "/ws connect", _id, "missing or wrong token");
            await AbortAsync(ErrorCode.Unauthorized, "Missing or wrong token.", WebSocketCloseStatus.PolicyViolation, id);
            return;
        }

        _client = parsed.Value.Client?.Name is { Length: > 0 and <= 64 } name ? name : "unknown";
        var hello = Hello.Create(dispatcher.Table, config.Session.NamedSessionsEnabled, provider);
        await Send(ResponseFrame.From(id, new Outcome<object>(hello, null)), ct);
        _subscription = events.Subscribe(Deliver);
        Log.SocketConnected(logger, _id, _client);
    }

    private void Deliver(GatewayEvent evt)
    {
        if (!_outbox.Writer.TryWrite(evt))
        {
            // A client that stops reading must not hold events for everyone else: drop it.
            _closeWith ??= (WebSocketCloseStatus.PolicyViolation, "client too slow: send buffer full");
            _closing.Cancel();
        }
    }

    private static bool TryReadRequest(JsonElement root, out JsonElement? id, out string method, out JsonElement? parameters, out string problem)
    {
        id = null;
        method = "";
        parameters = null;
        problem = "";
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = "A frame must be a JSON object.";
            return false;
        }

        if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind is JsonValueKind.String or JsonValueKind.Number && idElement.GetRawText().Length <= 130)
        {
            id = idElement.Clone();
        }

        if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "req")
        {
            problem = "A frame must have \"type\": \"req\".";
            return false;
        }

        if (id is null)
        {
            problem = "A request needs an 'id' (a string or number of at most 128 characters).";
            return false;
        }

        if (!root.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
        {
            problem = "A request needs a string 'method'.";
            return false;
        }

        method = methodElement.GetString()!;
        parameters = root.TryGetProperty("params", out var p) ? p.Clone() : null;
        return true;
    }

    private async Task AbortAsync(ErrorCode code, string message, WebSocketCloseStatus status, JsonElement? id = null)
    {
        _closeWith ??= (status, message.Length > 120 ? message[..120] : message);
        await Send(ResponseFrame.Fail(id, code, message), CancellationToken.None);
    }

    private ValueTask Send(ResponseFrame frame, CancellationToken ct) => _outbox.Writer.WriteAsync(frame, ct);

    private async Task WriteLoopAsync(CancellationToken ct)
    {
        long seq = 0;
        try
        {
            await foreach (var item in _outbox.Reader.ReadAllAsync(CancellationToken.None))
            {
                object frame = item is GatewayEvent evt ? new EventFrame("event", evt.Name, evt.Payload, ++seq) : item;
                var bytes = JsonSerializer.SerializeToUtf8Bytes(frame, ProtocolJson.Options);
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            _closeWith ??= (WebSocketCloseStatus.EndpointUnavailable, "send failed");
        }
    }

    private async Task CloseAsync()
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        var (status, reason) = _closeWith ?? (WebSocketCloseStatus.NormalClosure, "bye");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }
    }
}
