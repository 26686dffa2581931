using Cairn.Chat.Providers;
using Cairn.Protocol;

namespace Cairn.Observability;

/// <summary>
/// <c>GET /healthz</c>: liveness. 200 when the store answers, 503 when it does not, so a supervisor can tell a
/// gateway that runs from one that cannot serve. The model provider's health rides along (read through
/// <see cref="ProviderHealthMonitor"/>, which may run its rate-limited light probe): while it is degraded the
/// status is <c>degraded</c> but the answer stays 200, because restarting the gateway would not mend the provider;
/// <c>/readyz</c> is the check that turns 503 for it. A store that cannot write (disk full, read-only) is
/// <c>degraded</c> too, with <c>store.writable: false</c> and the problem, until a write succeeds again, and so is
/// one whose start-up integrity check (<see cref="StoreIntegrityMonitor"/>) found damage.
/// </summary>
public static class HealthEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ProbeAccess access, IStoreProbe probe, GatewayUptime uptime,
        ProviderHealthMonitor monitor, ProviderInfo providerInfo, StoreIntegrityMonitor integrity)
    {
        if (!access.Allows(http))
        {
            return ProbeAccess.Refusal(http);
        }

        var store = probe.Check();
        var checkedStore = integrity.Status;
        var damaged = checkedStore.State == HealthIntegrity.Damaged;
        var provider = Describe(providerInfo, await monitor.ReadAsync(http.RequestAborted));
        var status = !store.Reachable ? HealthReport.Unavailable
            : !store.Writable || damaged || provider.State == HealthProvider.Degraded ? HealthReport.Degraded
            : HealthReport.Ok;
        var problem = store.Problem ?? (damaged ? DamageProblem : null);
        var replica = Replicas.ReplicaReport.Of(http.RequestServices);
        if (replica is { Problem: not null } && status == HealthReport.Ok)
        {
            status = HealthReport.Degraded;
        }

        var report = new HealthReport(status, Hello.ServerVersion, (long)uptime.Elapsed.TotalSeconds,
            new HealthStore(store.Reachable, store.SchemaVersion, problem, store.Writable, checkedStore) { Provider = store.Provider }, provider)
        {
            Replica = replica,
        };
        return Results.Json(report, ProtocolJson.Options,
            statusCode: store.Reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    public const string DamageProblem = "The start-up integrity check (quick_check) found damage in the database; "
        + "run 'cairn doctor' for the full check, and restore from a backup (docs/operations.md#restore).";

    /// <summary>The recorded state as the wire has it; the message was redacted when it was recorded.</summary>
    public static HealthProvider Describe(ProviderInfo info, ProviderHealthStatus? status) => status is null
        ? new HealthProvider(info.Name, info.Model, HealthProvider.Ok, null, null, null, 0, null, null)
        : new HealthProvider(info.Name, info.Model,
            status.State == ProviderHealthStatus.Ok ? HealthProvider.Ok : HealthProvider.Degraded,
            status.Reason, status.Message, Ms(status.Since), status.ConsecutiveFailures, Ms(status.LastOkAt), Ms(status.LastFailureAt));

    private static long? Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();
}
