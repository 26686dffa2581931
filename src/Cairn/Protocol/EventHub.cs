using System.Text.Json;

namespace Cairn.Protocol;

/// <summary>A server event before it is framed: its name (from <see cref="EventNames"/>) and payload.</summary>
public sealed record GatewayEvent(string Name, object Payload)
{
    private readonly Lazy<byte[]> _json = new(() => JsonSerializer.SerializeToUtf8Bytes(Payload, WireJson.Options));

    /// <summary>The payload as JSON, serialized once however many connections send it.</summary>
    public ReadOnlySpan<byte> PayloadJson => _json.Value;
}

/// <summary>
/// Fans events out to connected WebSocket clients. One typed publish per event of the catalog in
/// <see cref="EventNames"/>, so a name and its payload cannot disagree. <c>sessions.changed</c> goes to every
/// subscriber; a <c>chat</c> event only to those that want that session's stream (every session until a client
/// narrows it with <see cref="EventSubscription.SetChat"/>, e.g. from <c>events.subscribe</c>), looked up by the
/// session's key, so a delta costs the same however many other clients are connected. Subscribers must not block:
/// each connection puts the event in its own bounded outbox and its writer loop numbers and sends it.
/// Every event published here also goes to the <see cref="IEventRelay"/> (the other replicas of a fleet), and events
/// the relay brings from other replicas are delivered here exactly like local ones, by the same index.
/// </summary>
public sealed class EventHub
{
    private readonly Lock _gate = new();
    private readonly IEventRelay _relay;

    public EventHub()
        : this(LocalEventRelay.Instance)
    {
    }

    public EventHub(IEventRelay relay)
    {
        _relay = relay;
        relay.Attach(DeliverRemote);
    }

    // Copy-on-write under _gate; read without it by every publish.
    private EventSubscription[] _everyone = [];
    private EventSubscription[] _everyChat = [];
    private Dictionary<string, EventSubscription[]> _chatByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EventSubscription> _byConnection = new(StringComparer.Ordinal);

    public int SubscriberCount => Volatile.Read(ref _everyone).Length;

    /// <summary>Every event, for as long as the subscription is not disposed; chat events of every session.</summary>
    public EventSubscription Subscribe(Action<GatewayEvent> deliver) => Subscribe(null, deliver);

    /// <summary>Like <see cref="Subscribe(Action{GatewayEvent})"/>, findable by its WebSocket connection id.</summary>
    public EventSubscription Subscribe(string? connectionId, Action<GatewayEvent> deliver)
    {
        var subscription = new EventSubscription(this, connectionId, deliver);
        lock (_gate)
        {
            _everyone = [.. _everyone, subscription];
            _everyChat = [.. _everyChat, subscription];
            if (connectionId is not null)
            {
                _byConnection[connectionId] = subscription;
            }
        }

        return subscription;
    }

    /// <summary>The subscription of a WebSocket connection, or null when it has none (not connected, or closed).</summary>
    public EventSubscription? OfConnection(string connectionId)
    {
        lock (_gate)
        {
            return _byConnection.GetValueOrDefault(connectionId);
        }
    }

    public void Publish(SessionsChangedEvent payload)
    {
        var evt = new GatewayEvent(EventNames.SessionsChanged, payload);
        DeliverToEveryone(evt);
        _relay.Forward(evt);
    }

    public void Publish(ChatEvent payload)
    {
        var evt = new GatewayEvent(EventNames.Chat, payload);
        DeliverChat(payload, evt);
        _relay.Forward(evt);
    }

    /// <summary>An event of another replica: to this replica's subscribers only (it is not relayed again).</summary>
    internal void DeliverRemote(GatewayEvent evt)
    {
        switch (evt.Payload)
        {
            case SessionsChangedEvent:
                DeliverToEveryone(evt);
                break;
            case ChatEvent chat:
                DeliverChat(chat, evt);
                break;
        }
    }

    private void DeliverToEveryone(GatewayEvent evt)
    {
        foreach (var subscription in Volatile.Read(ref _everyone))
        {
            subscription.Deliver(evt);
        }
    }

    private void DeliverChat(ChatEvent payload, GatewayEvent evt)
    {
        foreach (var subscription in Volatile.Read(ref _everyChat))
        {
            subscription.Deliver(evt);
        }

        if (Volatile.Read(ref _chatByKey).TryGetValue(payload.SessionKey, out var watching))
        {
            foreach (var subscription in watching)
            {
                subscription.Deliver(evt);
            }
        }
    }

    /// <summary>Moves a subscription between "every session's chat" and the sessions it names.</summary>
    internal void Refilter(EventSubscription subscription, IReadOnlySet<string>? before, IReadOnlySet<string>? after)
    {
        lock (_gate)
        {
            if (!_everyone.Contains(subscription))
            {
                return;
            }

            var byKey = new Dictionary<string, EventSubscription[]>(_chatByKey, StringComparer.Ordinal);
            if (before is null)
            {
                _everyChat = [.. _everyChat.Where(s => s != subscription)];
            }
            else
            {
                foreach (var key in before)
                {
                    var left = byKey[key].Where(s => s != subscription).ToArray();
                    if (left.Length == 0)
                    {
                        byKey.Remove(key);
                    }
                    else
                    {
                        byKey[key] = left;
                    }
                }
            }

            if (after is null)
            {
                _everyChat = [.. _everyChat, subscription];
            }
            else
            {
                foreach (var key in after)
                {
                    byKey[key] = byKey.TryGetValue(key, out var others) ? [.. others, subscription] : [subscription];
                }
            }

            Volatile.Write(ref _chatByKey, byKey);
        }
    }

    internal void Remove(EventSubscription subscription, IReadOnlySet<string>? chat)
    {
        Refilter(subscription, chat, new HashSet<string>());
        lock (_gate)
        {
            _everyone = [.. _everyone.Where(s => s != subscription)];
            if (subscription.ConnectionId is { } id && _byConnection.GetValueOrDefault(id) == subscription)
            {
                _byConnection.Remove(id);
            }
        }
    }
}

/// <summary>One subscriber of the <see cref="EventHub"/>: what it is sent, and which sessions' chat it wants.</summary>
public sealed class EventSubscription : IDisposable
{
    private readonly EventHub _hub;
    private readonly Action<GatewayEvent> _deliver;
    private readonly Lock _gate = new();
    private IReadOnlySet<string>? _chat;
    private bool _disposed;

    internal EventSubscription(EventHub hub, string? connectionId, Action<GatewayEvent> deliver)
    {
        _hub = hub;
        _deliver = deliver;
        ConnectionId = connectionId;
    }

    public string? ConnectionId { get; }

    /// <summary>The sessions whose chat events this subscriber gets; null: every session's.</summary>
    public IReadOnlySet<string>? Chat
    {
        get
        {
            lock (_gate)
            {
                return _chat;
            }
        }
    }

    /// <summary>Replaces the chat filter: null for every session's chat events, else only these sessions' (none when empty).</summary>
    public void SetChat(IEnumerable<string>? keys)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var after = keys is null ? null : new HashSet<string>(keys, StringComparer.Ordinal);
            _hub.Refilter(this, _chat, after);
            _chat = after;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _hub.Remove(this, _chat);
        }
    }

    internal void Deliver(GatewayEvent evt) => _deliver(evt);
}
