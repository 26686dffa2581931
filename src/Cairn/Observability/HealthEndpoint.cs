using Cairn.Protocol;

namespace Cairn.Observability;

/// <summary>
/// <c>GET /healthz</c>: 200 with the schema version and uptime when the store answers, 503 when it does not, so a
/// supervisor or load balancer can tell a gateway that runs from one that can serve.
/// </summary>
public static class HealthEndpoint
{
    public static IResult Handle(HttpContext http, ProbeAccess access, IStoreProbe probe, GatewayUptime uptime)
    {
        if (!access.Allows(http))
        {
            return ProbeAccess.Refusal(http);
        }

        var store = probe.Check();
        var report = new HealthReport(store.Reachable ? "ok" : "unavailable", Hello.ServerVersion,
            (long)uptime.Elapsed.TotalSeconds, new HealthStore(store.Reachable, store.SchemaVersion, store.Problem));
        return Results.Json(report, ProtocolJson.Options,
            statusCode: store.Reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
