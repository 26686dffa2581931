using System.Diagnostics;
using Cairn.Protocol;

namespace Cairn.Observability;

/// <summary>
/// The request counter and latency histogram, by method, transport and outcome code, for every call. It reads the
/// outcome's code only: what a call did (a session created, a reset refused, a switch) is counted by the service
/// that decided it.
/// </summary>
public sealed class RequestMetricsFilter(CairnMetrics metrics) : IMethodFilter
{
    public async Task<Outcome<object>> InvokeAsync(MethodCall request, MethodInvoker inner)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await inner(request);
        metrics.RequestCompleted(request.Label, request.Context.Transport, outcome.CodeName, Stopwatch.GetElapsedTime(started));
        return outcome;
    }
}
