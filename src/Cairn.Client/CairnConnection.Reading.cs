using System.Net.WebSockets;
using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Client;

/// <summary>The reader: frames to waiting requests or the event inbox; on a lost connection, reconnecting.</summary>
public sealed partial class CairnConnection
{
    private static async Task<ClientWebSocket> OpenSocketAsync(Uri gateway, CairnConnectionOptions options, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        options.ConfigureSocket?.Invoke(socket.Options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(WebSocketUrl(gateway, options.Query), timeout.Token);
            return socket;
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException || ex is OperationCanceledException && !ct.IsCancellationRequested)
        {
            socket.Dispose();
            var reason = ex is OperationCanceledException
                ? $"no answer within {options.ConnectTimeout.TotalSeconds:0.#} seconds"
                : ex.InnerException?.Message ?? ex.Message;
            throw new GatewayUnreachableException(gateway, reason, ex);
        }
    }

    private async Task RunAsync()
    {
        Exception ended;
        while (true)
        {
            ended = await ReadUntilClosedAsync(_socket);
            FailPending(ended);
            if (_options.Reconnect is not { } policy || !MayReconnect() || !await ReopenAsync(policy))
            {
                break;
            }
        }

        _ready.TrySetException(ended);
        _events.End(ended);
        _unmatched.Writer.TryComplete(ended);
        _closed.TrySetResult();
    }

    private async Task<Exception> ReadUntilClosedAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open && await WebSocketMessages.ReceiveAsync(socket, buffer, message))
            {
                if (JsonSerializer.Deserialize<InboundFrame>(message.GetBuffer().AsSpan(0, (int)message.Length), ProtocolJson.Options) is { } frame)
                {
                    Dispatch(frame);
                }
            }

            if (socket.State == WebSocketState.CloseReceived)
            {
                // Answer the gateway's close, as a browser does, so both sides see a clean close.
                await CloseOutputAsync(socket, "bye");
            }

            return Lost();
        }
        catch (JsonException ex)
        {
            socket.Abort();
            return new GatewayUnreachableException(_gateway, "the gateway sent a frame this client cannot read", ex);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            return Lost(ex);
        }
    }

    private void Dispatch(InboundFrame frame)
    {
        if (frame.Type == InboundFrame.EventType)
        {
            _events.Publish(ToEvent(frame));
            return;
        }

        if (frame.IdText is { } id && _pending.TryRemove(id, out var waiting))
        {
            waiting.TrySetResult(frame);
            return;
        }

        _unmatched.Writer.TryWrite(frame);
    }

    private static ServerEvent ToEvent(InboundFrame frame)
    {
        var name = frame.Event ?? "";
        var json = frame.Payload ?? default;
        var payload = frame.Payload is { } given && EventNames.PayloadTypes.TryGetValue(name, out var type)
            ? given.Deserialize(type, ProtocolJson.Options) ?? json
            : json;
        return new ServerEvent(name, frame.Seq ?? 0, payload, json);
    }

    private void FailPending(Exception reason)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var waiting))
            {
                waiting.TrySetException(reason);
            }
        }
    }

    /// <summary>Not after our own close, a refused <c>connect</c>, or a close for breaking the rules (it would happen again).</summary>
    private bool MayReconnect() => !_disposing && !_refused
        && _socket.CloseStatus is not (WebSocketCloseStatus.PolicyViolation or WebSocketCloseStatus.MessageTooBig);

    /// <summary>Opens a new socket after the policy's delay (again and again); the handshake runs while the reader reads.</summary>
    private async Task<bool> ReopenAsync(ReconnectPolicy policy)
    {
        _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var attempt = 0; attempt < policy.MaxAttempts; attempt++)
        {
            try
            {
                await Task.Delay(policy.DelayBefore(attempt), _stopping.Token);
                var lost = _socket;
                _socket = await OpenSocketAsync(_gateway, _options, _stopping.Token);
                lost.Dispose();
                _ = HandshakeAgainAsync();
                return true;
            }
            catch (GatewayUnreachableException)
            {
                // Not back yet: wait longer and try again.
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    private async Task HandshakeAgainAsync()
    {
        try
        {
            var hello = await HandshakeAsync(_stopping.Token);
            _ready.TrySetResult();
            Reconnected?.Invoke(hello);
        }
        catch (CairnCallException)
        {
            // The gateway refused us (a new token, say): trying again would be refused too.
            _refused = true;
            _socket.Abort();
        }
        catch (Exception ex) when (ex is GatewayUnreachableException or OperationCanceledException or ObjectDisposedException)
        {
            // Lost again (or closing): the reader notices and decides.
        }
    }

    private static async Task CloseOutputAsync(ClientWebSocket socket, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Already gone, or a send in progress: the socket is aborted next anyway.
        }
    }
}
