using System.Diagnostics;
using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Gateway;

/// <summary>
/// The transport boundary: runs a method from the table, turns any exception into INTERNAL (logged), and
/// logs one line per request with its outcome and duration.
/// </summary>
public sealed class MethodDispatcher(MethodTable table, ILogger<MethodDispatcher> logger)
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

        if (logger.IsEnabled(LogLevel.Information))
        {
            var code = outcome.Error is { } error ? error.Code.WireName() : "OK";
            var name = table.Contains(method) ? method : "(unknown)";
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.Request(logger, context.Transport, name, code, elapsed);
        }
        return outcome;
    }
}
