namespace Cairn.Protocol;

/// <summary>
/// Carries the events published on this gateway to the other replicas of a fleet, and theirs to this one's
/// <see cref="EventHub"/>. With one process (SQLite) it is <see cref="LocalEventRelay"/>, which carries nothing;
/// with several replicas on one PostgreSQL it is <c>Replicas.ReplicaBus</c> (LISTEN/NOTIFY).
/// </summary>
public interface IEventRelay
{
    /// <summary>Called once by the hub: where events from other replicas go (delivered to this replica's subscribers only).</summary>
    void Attach(Action<GatewayEvent> deliverRemote);

    /// <summary>An event just delivered on this replica, to send to the others. Must not block: the hub calls it on the publisher's thread.</summary>
    void Forward(GatewayEvent evt);
}

/// <summary>The relay of a gateway that is the only one on its store: nothing to carry.</summary>
public sealed class LocalEventRelay : IEventRelay
{
    public static LocalEventRelay Instance { get; } = new();

    public void Attach(Action<GatewayEvent> deliverRemote)
    {
    }

    public void Forward(GatewayEvent evt)
    {
    }
}
