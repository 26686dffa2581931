using System.Collections.Concurrent;
using System.Text.Json;

namespace Cairn.Protocol;

/// <summary>A server event before it is framed: its name (from <see cref="EventNames"/>) and payload.</summary>
public sealed record GatewayEvent(string Name, object Payload)
{
    private readonly Lazy<byte[]> _json = new(() => JsonSerializer.SerializeToUtf8Bytes(Payload, ProtocolJson.Options));

    /// <summary>The payload as JSON, serialized once however many connections send it.</summary>
    public ReadOnlySpan<byte> PayloadJson => _json.Value;
}

/// <summary>
/// Fans events out to every connected WebSocket client. One typed publish per event of the catalog in
/// <see cref="EventNames"/>, so a name and its payload cannot disagree. Subscribers must not block: each
/// connection puts the event in its own bounded outbox and its writer loop numbers and sends it.
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

    public void Publish(SessionsChangedEvent payload) => Deliver(new GatewayEvent(EventNames.SessionsChanged, payload));

    public void Publish(ChatEvent payload) => Deliver(new GatewayEvent(EventNames.Chat, payload));

    private void Deliver(GatewayEvent evt)
    {
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
