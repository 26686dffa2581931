using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Sessions;

/// <summary>Which session a surface is in: peer bindings, and the switch counter.</summary>
public sealed partial class SessionService
{
    /// <summary>The session a peer (a surface without a URL) is bound to; main if none, or if its session is gone.</summary>
    public string ActiveKey(string peer) => bindings.ActiveKey(peer);

    public Outcome<SessionsActiveResult> Active(string peer)
    {
        var key = bindings.ActiveKey(peer);
        return store.Get(key) is { } entry ? new SessionsActiveResult(peer, Shown(entry)) : NotFound(key);
    }

    /// <summary>
    /// A command moved a surface from <paramref name="fromKey"/> to <paramref name="toKey"/>: a peer's binding is
    /// stored. The move is counted here when the surface will not navigate: a peer, or a caller without a
    /// WebSocket connection. The web UI follows the command's action by navigating, and <see cref="Visited"/>
    /// counts that, once.
    /// </summary>
    public async Task SwitchAsync(Caller caller, string? peer, string fromKey, string toKey, CancellationToken ct)
    {
        if (peer is not null)
        {
            await bindings.BindAsync(peer, toKey, Now, ct);
        }

        if (toKey != fromKey && (peer is not null || caller.ConnectionId is null))
        {
            metrics.SessionSwitched(caller.Surface);
            analytics.Count(GatewayCounter.Switch);
        }
    }

    /// <summary>A connection read or wrote <paramref name="key"/> by name; a different key than its last one is a web switch.</summary>
    public void Visited(Caller caller, string key)
    {
        if (caller.ConnectionId is { } connection)
        {
            switches.Visited(connection, caller.Surface, key);
        }
    }
}
