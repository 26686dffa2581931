using System.Text.Json;

namespace Cairn.Protocol;

/// <summary>One call on its way through the method table: the name asked for, the method (null when unknown), its raw params, who called.</summary>
public sealed record MethodCall(string Name, MethodDescriptor? Method, JsonElement? Params, MethodContext Context, CancellationToken Cancellation)
{
    /// <summary>The name a metric or log line shows: "(unknown)" for names not in the table, so tags stay bounded.</summary>
    public string Label => Method?.Name ?? "(unknown)";
}

/// <summary>The rest of the pipeline, from a filter's point of view.</summary>
public delegate Task<Outcome<object>> MethodInvoker(MethodCall request);

/// <summary>
/// A cross-cutting concern around every method call (metrics, the log line, exception → INTERNAL), the shape of
/// ASP.NET Core's endpoint filters. Filters see the call and its outcome, never the params' meaning: what a call
/// did is counted by the service that decided it.
/// </summary>
public interface IMethodFilter
{
    Task<Outcome<object>> InvokeAsync(MethodCall request, MethodInvoker inner);
}

/// <summary>Told when a WebSocket connection ends, to drop per-connection state.</summary>
public interface IConnectionObserver
{
    void ConnectionClosed(string connectionId);
}
