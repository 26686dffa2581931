using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Cairn.Gateway;
using Cairn.Protocol;

namespace Cairn.Transport;

/// <summary>
/// The send side of one WebSocket: a bounded queue of responses and events, and the single loop that writes
/// them in order, numbering events. Posting never waits: when the queue is full the client is not reading,
/// and <paramref name="onFull"/> is told so the connection can drop it instead of holding memory for it.
/// </summary>
public sealed class WsOutbox(WebSocket socket, Action onFull)
{
    public const int Capacity = 2048;

    private readonly Channel<object> _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private volatile bool _completed;

    /// <summary>Queues a <see cref="ResponseFrame"/> or a <see cref="GatewayEvent"/>.</summary>
    public void Post(object item)
    {
        if (!_queue.Writer.TryWrite(item) && !_completed)
        {
            onFull();
        }
    }

    /// <summary>
    /// Sends a close frame after what is already queued, then nothing more. For closes decided outside the read
    /// loop (the handshake timer): cancelling a pending receive would abort the socket without telling the client why.
    /// </summary>
    public void PostClose(WebSocketCloseStatus status, string reason) => Post(new CloseRequest(status, reason));

    /// <summary>No more frames; the write loop ends once it has sent what is queued.</summary>
    public void Complete()
    {
        _completed = true;
        _queue.Writer.TryComplete();
    }

    /// <summary>Writes until completed; returns false when the socket failed or <paramref name="ct"/> fired first.</summary>
    public async Task<bool> WriteLoopAsync(CancellationToken ct)
    {
        long seq = 0;
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (item is CloseRequest close)
                {
                    Complete();
                    await socket.CloseOutputAsync(close.Status, close.Reason, ct);
                    return true;
                }

                var bytes = item is GatewayEvent evt ? EventFrameBytes(evt, ++seq) : JsonSerializer.SerializeToUtf8Bytes(item, ProtocolJson.Options);
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
            }

            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary><c>{"type":"event","event":…,"payload":…,"seq":N}</c> around the payload JSON the event made once.</summary>
    private static ReadOnlyMemory<byte> EventFrameBytes(GatewayEvent evt, long seq)
    {
        var buffer = new ArrayBufferWriter<byte>(evt.PayloadJson.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "event");
            writer.WriteString("event", evt.Name);
            writer.WritePropertyName("payload");
            writer.WriteRawValue(evt.PayloadJson, skipInputValidation: true);
            writer.WriteNumber("seq", seq);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private sealed record CloseRequest(WebSocketCloseStatus Status, string Reason);
}
