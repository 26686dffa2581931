using System.Diagnostics;

namespace Cairn.Protocol;

/// <summary>One Information line per request: transport, method, outcome code and duration; never params or results.</summary>
public sealed class RequestLogFilter(ILogger<RequestLogFilter> logger) : IMethodFilter
{
    public async Task<Outcome<object>> InvokeAsync(MethodCall request, MethodInvoker inner)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await inner(request);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var code = outcome.CodeName;
            Log.Request(logger, request.Context.Transport, request.Label, code, elapsedMs);
        }

        return outcome;
    }
}
