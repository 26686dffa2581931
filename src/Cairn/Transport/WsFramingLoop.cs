using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Cairn.Gateway;
using Cairn.Protocol;

namespace Cairn.Transport;

/// <summary>What the framing loop hands up to the connection session; every call comes from the read loop, one at a time.</summary>
public interface IWsMessageHandler
{
    /// <summary>One whole text message (UTF-8, at most the size limit); <paramref name="ct"/> fires when the connection closes.</summary>
    void OnMessage(ReadOnlyMemory<byte> message, CancellationToken ct);

    /// <summary>A message that cannot be a request (a binary one), with the reason to tell the client.</summary>
    void OnUnreadableMessage(string problem);

    /// <summary>No more messages will come: the client closed, a close was decided, or the connection was lost.</summary>
    void OnReadEnded();
}

/// <summary>
/// The framing side of one WebSocket, which knows nothing about methods or auth. A read loop assembles whole text
/// messages up to the size limit (a bigger one is answered PAYLOAD_TOO_LARGE and closed with
/// 1009; a binary one is handed up as unreadable; invalid UTF-8 in a text message makes the socket itself close
/// with 1007, seen here as a lost connection); a single write loop sends responses and events in order from a
/// bounded <see cref="WsOutbox"/>. Close requests from either side end both loops, then the close frame goes out.
/// </summary>
public sealed class WsFramingLoop : IDisposable
{
    private readonly WebSocket _socket;
    private readonly int _maxMessageBytes;
    private readonly WsOutbox _outbox;
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _closeLock = new();
    private (WebSocketCloseStatus Status, string Reason)? _closeWith;

    public WsFramingLoop(WebSocket socket, int maxMessageBytes, WsSendLimits? sendLimits = null)
    {
        _socket = socket;
        _maxMessageBytes = maxMessageBytes;

        // A client that stops reading must not hold memory or events for everyone else: a full outbox drops it.
        _outbox = new WsOutbox(socket, sendLimits ?? WsSendLimits.Unbounded, reason => Drop(WebSocketCloseStatus.PolicyViolation, reason));
    }

    /// <summary>Why the connection closed, once a close has been decided; null when the client closed first.</summary>
    public string? CloseReason
    {
        get
        {
            lock (_closeLock)
            {
                return _closeWith?.Reason;
            }
        }
    }

    private bool IsClosing
    {
        get
        {
            lock (_closeLock)
            {
                return _closeWith is not null;
            }
        }
    }

    /// <summary>Reads until the connection ends, then flushes the outbox and sends the close frame.</summary>
    public async Task RunAsync(IWsMessageHandler handler, CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token);
        var writer = _outbox.WriteLoopAsync(linked.Token);
        try
        {
            await ReadLoopAsync(handler, linked.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            SetClose(WebSocketCloseStatus.EndpointUnavailable, "connection lost");
        }
        finally
        {
            handler.OnReadEnded();
            _outbox.Complete();
        }

        if (!await writer)
        {
            SetClose(WebSocketCloseStatus.EndpointUnavailable, "send failed");
        }

        await CloseAsync();
    }

    public void Dispose() => _closing.Dispose();

    /// <summary>Queues a <see cref="ResponseFrame"/> or a <see cref="GatewayEvent"/>; never waits.</summary>
    public void Send(object frame) => _outbox.Post(frame);

    /// <summary>Answers with <paramref name="error"/>, then closes with <paramref name="status"/> once the answer is out.</summary>
    public void Abort(MethodError error, WebSocketCloseStatus status, JsonElement? id = null)
    {
        SetClose(status, error.Message.Length > 120 ? error.Message[..120] : error.Message);
        Send(ResponseFrame.From(id, error));
    }

    /// <summary>
    /// A close decided outside the read loop: flush what is queued, send the close frame, and let the read loop end
    /// when the client answers; a client that never answers is cut off after <paramref name="grace"/>.
    /// </summary>
    public void CloseFromServer(WebSocketCloseStatus status, string reason, TimeSpan grace)
    {
        SetClose(status, reason);
        _outbox.PostClose(status, reason);
        CancelOnPool(grace);
    }

    private async Task ReadLoopAsync(IWsMessageHandler handler, CancellationToken ct)
    {
        using var message = new MemoryStream();
        while (_socket.State == WebSocketState.Open && !IsClosing)
        {
            // An idle connection waits with no buffer of its own: a zero-byte receive returns once a frame has
            // begun to arrive, and only then is a receive buffer rented (for as long as the message takes).
            var first = await _socket.ReceiveAsync(Memory<byte>.Empty, ct);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.SetLength(0);
            if ((first.EndOfMessage ? first : await ReceiveMessageAsync(message, ct)) is not { } last)
            {
                return;
            }

            if (last.MessageType != WebSocketMessageType.Text)
            {
                handler.OnUnreadableMessage("Only JSON text frames are accepted.");
                continue;
            }

            handler.OnMessage(message.GetBuffer().AsMemory(0, (int)message.Length), ct);
            if (message.Capacity > IdleMessageCapacity)
            {
                message.SetLength(0);
                message.Capacity = IdleMessageCapacity;
            }
        }
    }

    /// <summary>What an idle connection keeps of the largest message it assembled (a big request's buffer is let go).</summary>
    private const int IdleMessageCapacity = 4 * 1024;

    /// <summary>Assembles the rest of one message into <paramref name="message"/>; null when the connection closed or it was too large.</summary>
    private async Task<ValueWebSocketReceiveResult?> ReceiveMessageAsync(MemoryStream message, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer.AsMemory(), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                if (message.Length + result.Count > _maxMessageBytes)
                {
                    Abort(new MethodError(ErrorCode.PayloadTooLarge, $"Frame larger than {_maxMessageBytes} bytes."), WebSocketCloseStatus.MessageTooBig);
                    return null;
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            return result;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Aborts now, from any thread (a client that does not read would not see a close frame anyway).</summary>
    private void Drop(WebSocketCloseStatus status, string reason)
    {
        SetClose(status, reason);
        CancelOnPool(TimeSpan.Zero);
    }

    // On the pool, so that a publisher delivering an event never runs this connection's teardown inline.
    private void CancelOnPool(TimeSpan delay) => ThreadPool.UnsafeQueueUserWorkItem(static state =>
    {
        try
        {
            state.Self._closing.CancelAfter(state.Delay);
        }
        catch (ObjectDisposedException)
        {
            // Already closed and disposed.
        }
    }, (Self: this, Delay: delay), preferLocal: false);

    private void SetClose(WebSocketCloseStatus status, string reason)
    {
        lock (_closeLock)
        {
            _closeWith ??= (status, reason);
        }
    }

    private async Task CloseAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        var (status, reason) = _closeWith ?? (WebSocketCloseStatus.NormalClosure, "bye");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }
    }
}
