using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Observability;

/// <summary>
/// Turns each answered method call into metrics: the request counter and latency for every call, and the
/// session metrics that are visible in the outcome of a method (created, create errors, blocked resets,
/// web switches). Kept here so that the dispatcher makes one call and the rules live with the metrics.
/// Slash commands that do the same things (<c>/session new</c>, <c>/reset</c>, <c>/session switch</c>) run
/// inside <c>chat.send</c>, so they report through <see cref="CairnMetrics"/> themselves.
/// </summary>
public sealed class RequestObserver(CairnMetrics metrics, SessionSwitchTracker switches)
{
    public void Completed(string method, JsonElement? parameters, MethodContext context, MethodError? error, TimeSpan elapsed)
    {
        var code = error is null ? "OK" : error.Code.WireName();
        metrics.RequestCompleted(method, context.Transport, code, elapsed);

        switch (method)
        {
            case "sessions.create" when error is null:
                metrics.SessionCreated();
                break;
            case "sessions.create":
                metrics.SessionCreateFailed(error.Code);
                break;
            case "sessions.reset" when error?.Code == ErrorCode.SessionPersistent:
                metrics.ResetBlocked(SurfaceOf(context));
                break;
            case var _ when error is null && SessionSwitchTracker.Watches(method):
                switches.Observe(context, parameters);
                break;
        }
    }

    public void ConnectionClosed(string connectionId) => switches.Forget(connectionId);

    /// <summary>HTTP callers are "api"; a WebSocket caller is its client name ("cairn-ui" counts as "web").</summary>
    public static string SurfaceOf(MethodContext context) => context.Transport == "http" ? "api" : context.ClientName;
}
