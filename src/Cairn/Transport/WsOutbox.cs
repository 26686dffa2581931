using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Cairn.Gateway;
using Cairn.Protocol;

namespace Cairn.Transport;

/// <summary>How much one connection's outbox may hold, and the gateway-wide budget it draws from.</summary>
public sealed record WsSendLimits(int ConnectionBytes, SendBudget Budget)
{
    /// <summary>No byte limits (a framing loop on its own, in tests); the frame cap still applies.</summary>
    public static WsSendLimits Unbounded => new(int.MaxValue, new SendBudget(long.MaxValue));
}

/// <summary>
/// The send side of one WebSocket: a bounded queue of responses and events, and the single loop that writes
/// them in order, numbering events. Posting never waits. The queue is bounded twice: in frames
/// (<see cref="Capacity"/>) and in bytes (<see cref="WsSendLimits.ConnectionBytes"/> for this connection, one frame
/// of any size always fits; <see cref="SendBudget"/> for all of them). When a frame does not fit the client is
/// not reading fast enough, and <c>onFull</c> is told why so the connection can drop it instead of holding
/// memory for it. Responses are serialized when queued (into pooled chunks, <see cref="PooledFrame"/>), so their
/// size is known and the objects are not kept.
/// </summary>
public sealed class WsOutbox(WebSocket socket, WsSendLimits limits, Action<string> onFull)
{
    public const int Capacity = 2048;

    // A chat event's bytes beyond its payload: the envelope written around it in EventFrameBytes.
    private const int EventEnvelopeBytes = 64;

    private readonly Channel<Queued> _queue = Channel.CreateBounded<Queued>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private volatile bool _completed;
    private long _queuedBytes;

    /// <summary>Bytes queued and not yet handed to the socket.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Queues a <see cref="ResponseFrame"/> or a <see cref="GatewayEvent"/>.</summary>
    public void Post(object item)
    {
        if (_completed)
        {
            return;
        }

        var queued = item switch
        {
            GatewayEvent evt => new Queued(evt, null, evt.PayloadJson.Length + EventEnvelopeBytes),
            CloseRequest => new Queued(item, null, 0),
            _ => Queued.Serialized(item),
        };

        if (Reserve(queued.Size) is { } problem)
        {
            queued.Frame?.Return();
            onFull(problem);
            return;
        }

        if (!_queue.Writer.TryWrite(queued))
        {
            Release(queued);
            if (!_completed)
            {
                onFull($"client too slow: more than {Capacity} frames waiting to be sent");
            }
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
                if (item.Item is CloseRequest close)
                {
                    Complete();
                    await socket.CloseOutputAsync(close.Status, close.Reason, ct);
                    return true;
                }

                try
                {
                    if (item.Frame is { } frame)
                    {
                        await frame.SendAsync(socket, ct);
                    }
                    else
                    {
                        var bytes = EventFrameBytes((GatewayEvent)item.Item!, ++seq);
                        await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
                    }
                }
                finally
                {
                    Release(item);
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            // What was never sent goes back to the budget: a dropped client holds nothing.
            Complete();
            while (_queue.Reader.TryRead(out var left))
            {
                Release(left);
            }
        }
    }

    /// <summary>Counts a frame's bytes against this connection and the gateway; null when they fit, else why not.</summary>
    private string? Reserve(int size)
    {
        var before = Interlocked.Add(ref _queuedBytes, size) - size;
        if (before > 0 && before + size > limits.ConnectionBytes)
        {
            Interlocked.Add(ref _queuedBytes, -size);
            return $"client too slow: more than {limits.ConnectionBytes} bytes waiting to be sent";
        }

        if (!limits.Budget.TryReserve(size))
        {
            Interlocked.Add(ref _queuedBytes, -size);
            return $"gateway send budget ({limits.Budget.LimitBytes} bytes for all clients) full";
        }

        return null;
    }

    /// <summary>A frame sent or dropped: its bytes leave the counts and its chunks go back to the pool.</summary>
    private void Release(Queued item)
    {
        item.Frame?.Return();
        Interlocked.Add(ref _queuedBytes, -item.Size);
        limits.Budget.Release(item.Size);
    }

    /// <summary><c>{"type":"event","event":…,"payload":…,"seq":N}</c> around the payload JSON the event made once.</summary>
    private static ReadOnlyMemory<byte> EventFrameBytes(GatewayEvent evt, long seq)
    {
        var buffer = new ArrayBufferWriter<byte>(evt.PayloadJson.Length + EventEnvelopeBytes);
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

    /// <summary>A queued frame: a response already serialized, or an event numbered when written; its size in bytes.</summary>
    private sealed record Queued(object? Item, PooledFrame? Frame, int Size)
    {
        public static Queued Serialized(object frame)
        {
            var bytes = PooledFrame.Serialize(frame);
            return new Queued(null, bytes, bytes.Length);
        }
    }

    private sealed record CloseRequest(WebSocketCloseStatus Status, string Reason);
}
