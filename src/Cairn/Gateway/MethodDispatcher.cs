using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Gateway;

/// <summary>
/// What both transports call: a method through the table and its filters (request metrics, the log line,
/// exception → INTERNAL), and the end of a WebSocket connection, for per-connection bookkeeping.
/// </summary>
public sealed class MethodDispatcher(MethodTable table, IEnumerable<IConnectionObserver> connections)
{
    public MethodTable Table => table;

    public Task<Outcome<object>> DispatchAsync(string method, JsonElement? parameters, MethodContext context, CancellationToken ct) =>
        table.InvokeAsync(method, parameters, context, ct);

    /// <summary>A WebSocket connection ended: per-connection state (switch tracking) is dropped.</summary>
    public void ConnectionClosed(string connectionId)
    {
        foreach (var observer in connections)
        {
            observer.ConnectionClosed(connectionId);
        }
    }
}
