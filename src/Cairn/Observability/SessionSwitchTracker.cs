using System.Collections.Concurrent;
using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Observability;

/// <summary>
/// Counts web switches server-side. The web UI switches sessions client-side (the URL is the source of truth),
/// so the gateway sees a switch only as a WebSocket connection reading or writing a different session than it
/// did before: a <c>chat.history</c> or <c>chat.send</c> whose <c>sessionKey</c> differs from the previous one on
/// that connection. The first session a connection touches is not a switch (a page load is not a switch).
/// </summary>
public sealed class SessionSwitchTracker(CairnMetrics metrics)
{
    private readonly ConcurrentDictionary<string, string> _lastKey = new(StringComparer.Ordinal);

    public static bool Watches(string method) => method is "chat.history" or "chat.send";

    /// <summary>Called after a successful <c>chat.history</c>/<c>chat.send</c>.</summary>
    public void Observe(MethodContext context, JsonElement? parameters)
    {
        if (context.ConnectionId is not { } connection || SessionKeyOf(parameters) is not { } key)
        {
            return;
        }

        var previous = _lastKey.GetValueOrDefault(connection);
        _lastKey[connection] = key;
        if (previous is not null && previous != key)
        {
            metrics.SessionSwitched(context.ClientName);
        }
    }

    /// <summary>
    /// Moves a connection to <paramref name="key"/> without counting: the switch was already counted elsewhere
    /// (a <c>/session switch</c> command), and the UI's navigation that follows must not count it twice.
    /// </summary>
    public void Follow(string? connectionId, string key)
    {
        if (connectionId is not null)
        {
            _lastKey[connectionId] = key;
        }
    }

    public void Forget(string connectionId) => _lastKey.TryRemove(connectionId, out _);

    /// <summary>How many connections are tracked (tests check that closed ones are forgotten).</summary>
    public int Tracked => _lastKey.Count;

    private static string? SessionKeyOf(JsonElement? parameters) =>
        parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("sessionKey", out var key) && key.ValueKind == JsonValueKind.String
            ? key.GetString()
            : null;
}
