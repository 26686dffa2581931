using System.Collections.Concurrent;
using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Gateway;

/// <summary>A server event before it is framed: its name and payload.</summary>
public sealed record GatewayEvent(string Name, object Payload)
{
    private readonly Lazy<byte[]> _json = new(() => JsonSerializer.SerializeToUtf8Bytes(Payload, ProtocolJson.Options));

    /// <summary>The payload as JSON, serialized once however many connections send it.</summary>
    public ReadOnlySpan<byte> PayloadJson => _json.Value;
}

/// <summary>
/// Fans events out to every connected WebSocket client. Subscribers must not block: each connection puts
/// the event in its own bounded outbox and its writer loop numbers and sends it.
/// </summary>
public sealed class EventHub
{
    private readonly ConcurrentDictionary<long, Action<GatewayEvent>> _subscribers = new();
    private long _nextId;

    public int SubscriberCount => _subscribers.Count;

    public IDisposable Subscribe(Action<GatewayEvent> deliver)
    {
        var id = Interlocked.Increment(ref _nextId);
        _subscribers[id] = deliver;
        return new Subscription(() => _subscribers.TryRemove(id, out _));
    }

    public void Publish(string name, object payload)
    {
        var evt = new GatewayEvent(name, payload);
        foreach (var deliver in _subscribers.Values)
        {
            deliver(evt);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
