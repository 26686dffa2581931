using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Commands;

/// <summary>
/// <c>sessions.active</c>: the session a peer is bound to (main when it has no binding, or its session was
/// deleted), so a surface without a URL such as <c>cairn chat</c> can show where it is before it says anything.
/// </summary>
public sealed class PeerSessionMethods(PeerBindingStore bindings, SessionStore store)
{
    public Task<Outcome<SessionsActiveResult>> ActiveAsync(SessionsActiveParams p, MethodContext ctx, CancellationToken ct)
    {
        var key = bindings.ActiveKey(p.Peer);
        return Task.FromResult<Outcome<SessionsActiveResult>>(store.Get(key) is { } entry ? new SessionsActiveResult(p.Peer, entry) : SessionRules.NotFound(key));
    }
}
