using System.Diagnostics;
using System.Text.Json;
using Cairn.Observability;
using Cairn.Protocol;

namespace Cairn.Gateway;

/// <summary>
/// The transport boundary: runs a method from the table, turns any exception into INTERNAL (logged), and
/// logs one line per request with its outcome and duration.
/// </summary>
public sealed class MethodDispatcher(MethodTable table, RequestObserver observer, ILogger<MethodDispatcher> logger)
{
    public MethodTable Table => table;

    public async Task<Outcome<object>> DispatchAsync(string method, JsonElement? parameters, MethodContext context, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        Outcome<object> outcome;
        try
        {
            outcome = await table.InvokeAsync(method, parameters, context, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = new MethodError(ErrorCode.Unavailable, "The request was cancelled because the connection or gateway is closing.");
        }
        catch (Exception ex)
        {
            Log.RequestFailed(logger, context.Transport, method, ex);
            outcome = new MethodError(ErrorCode.Internal, "Internal error; the gateway log has the details.");
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var name = table.Contains(method) ? method : "(unknown)";
        observer.Completed(name, parameters, context, outcome, elapsed);
        if (logger.IsEnabled(LogLevel.Information))
        {
            Log.Request(logger, context.Transport, name, outcome.Error is { } error ? error.Code.WireName() : "OK", elapsed.TotalMilliseconds);
        }

        return outcome;
    }

    /// <summary>A WebSocket connection ended: per-connection bookkeeping (switch tracking) is dropped.</summary>
    public void ConnectionClosed(string connectionId) => observer.ConnectionClosed(connectionId);
}
