using System.Text.Json;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Observability;

/// <summary>
/// Turns each answered method call into metrics: the request counter and latency for every call, plus what only
/// the transport can see. Outcomes decided inside a handler are counted there (<c>SessionMethods</c> counts
/// created sessions, creation errors and refused resets, so <c>/session new</c> and <c>/reset</c> are counted
/// too); here are the creation errors decided before the handler runs (INVALID_REQUEST), web switches (see
/// <see cref="SessionSwitchTracker"/>), <c>/session switch</c> on surfaces that do not navigate, and <c>/reset</c>
/// or <c>/new</c> refused in a persistent session (the command refuses before calling <c>sessions.reset</c>).
/// </summary>
public sealed class RequestObserver(CairnMetrics metrics, SessionSwitchTracker switches, SessionStore sessions)
{
    public void Completed(string method, JsonElement? parameters, MethodContext context, Outcome<object> outcome, TimeSpan elapsed)
    {
        var error = outcome.Error;
        metrics.RequestCompleted(method, context.Transport, error is null ? "OK" : error.Code.WireName(), elapsed);
        if (method == "sessions.create" && error?.Code == ErrorCode.InvalidRequest)
        {
            metrics.SessionCreateFailed(ErrorCode.InvalidRequest);
        }

        if (error is null && SessionSwitchTracker.Watches(method))
        {
            switches.Observe(context, parameters);
        }

        if (outcome.Value is ChatSendResult { Command.Action: { Type: "switch" } action } sent && action.Key != sent.SessionKey)
        {
            CommandSwitched(context, parameters);
        }

        if (outcome.Value is ChatSendResult { Status: SendStatus.Command, Command.Name: "reset" or "new" } reset && IsBareCommand(parameters)
            && sessions.Get(reset.SessionKey) is { Persistent: true })
        {
            // /reset and /new refuse a persistent session before they reach sessions.reset, so count it here.
            metrics.ResetBlocked(SurfaceOf(context));
        }
    }

    public void ConnectionClosed(string connectionId) => switches.Forget(connectionId);

    /// <summary>HTTP callers are "api"; a WebSocket caller or a command is its client name ("cairn-ui" counts as "web").</summary>
    public static string SurfaceOf(MethodContext context) => context.Transport == "http" ? "api" : context.ClientName;

    /// <summary>
    /// A <c>/session switch</c> (or <c>/session new</c>) that moved the surface. A surface with a URL (the web UI,
    /// on a WebSocket with a <c>sessionKey</c>) follows the action by navigating, and that navigation is what the
    /// tracker counts, so it is not counted here too; a peer surface (<c>cairn chat</c>) or an HTTP caller does not
    /// navigate, so its switch is counted now.
    /// </summary>
    /// <summary>"/reset" or "/new" alone: with arguments the command only answers its usage.</summary>
    private static bool IsBareCommand(JsonElement? parameters) =>
        parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
        && message.GetString()!.Trim().ToLowerInvariant() is "/reset" or "/new";

    private void CommandSwitched(MethodContext context, JsonElement? parameters)
    {
        var hasPeer = parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("peer", out var peer) && peer.ValueKind == JsonValueKind.String;
        if (hasPeer || context.ConnectionId is null)
        {
            metrics.SessionSwitched(SurfaceOf(context));
        }
    }
}
