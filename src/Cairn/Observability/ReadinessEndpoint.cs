using Cairn.Protocol;

namespace Cairn.Observability;

/// <summary>The body of <c>GET /readyz</c>: <c>ready</c>, <c>not_ready</c> or <c>stopping</c>, and each check's answer.</summary>
public sealed record ReadinessReport(string Status, IReadOnlyDictionary<string, ReadinessResult> Checks);

/// <summary>
/// <c>GET /readyz</c>: 200 when every <see cref="IReadinessCheck"/> is ready, else 503, and 503 from the moment the
/// gateway begins to stop, so a load balancer drains it. <c>/healthz</c> answers whether the process runs and
/// its store is readable; <c>/readyz</c> whether it should get traffic.
/// </summary>
public static class ReadinessEndpoint
{
    public const string Path = "/readyz";

    public static async Task<IResult> HandleAsync(HttpContext http, ProbeAccess access, IEnumerable<IReadinessCheck> checks,
        IHostApplicationLifetime lifetime)
    {
        if (!access.Allows(http))
        {
            return ProbeAccess.Refusal(http);
        }

        var results = new Dictionary<string, ReadinessResult>(StringComparer.Ordinal);
        foreach (var check in checks)
        {
            results[check.Name] = await check.CheckAsync(http.RequestAborted);
        }

        var status = lifetime.ApplicationStopping.IsCancellationRequested ? "stopping"
            : results.Values.All(r => r.Ready) ? "ready"
            : "not_ready";
        return Results.Json(new ReadinessReport(status, results), ProtocolJson.Options,
            statusCode: status == "ready" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
