using System.Collections.Concurrent;
using Cairn.Protocol;

namespace Cairn.Observability;

/// <summary>
/// Counts web switches server-side. The web UI switches sessions client-side (the URL is the source of truth),
/// so the gateway sees a switch only as a WebSocket connection reading or writing a different session than it
/// did before: <c>SessionService.Visited</c>, called by chat for a <c>chat.history</c> or <c>chat.send</c> naming a
/// <c>sessionKey</c>. The first session a connection touches is not a switch (a page load is not a switch).
/// </summary>
public sealed class SessionSwitchTracker(CairnMetrics metrics, Analytics.AnalyticsRecorder analytics) : IConnectionObserver
{
    private readonly ConcurrentDictionary<string, string> _lastKey = new(StringComparer.Ordinal);

    /// <summary>How many connections are tracked (tests check that closed ones are forgotten).</summary>
    public int Tracked => _lastKey.Count;

    public void Visited(string connectionId, string surface, string key)
    {
        var previous = _lastKey.GetValueOrDefault(connectionId);
        _lastKey[connectionId] = key;
        if (previous is not null && previous != key)
        {
            metrics.SessionSwitched(surface);
            analytics.Count(Store.GatewayCounter.Switch);
        }
    }

    public void ConnectionClosed(string connectionId) => _lastKey.TryRemove(connectionId, out _);
}
