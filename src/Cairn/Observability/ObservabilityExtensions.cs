using System.Diagnostics.Metrics;
using Cairn.Protocol;
using Cairn.Store;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace Cairn.Observability;

/// <summary>Registers the metrics pipeline and maps <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>.</summary>
public static class ObservabilityExtensions
{
    public const string HealthPath = "/healthz";
    public const string MetricsPath = "/metrics";

    /// <summary>The health, readiness and metrics paths: exempt from the HTTP rate limit, so a flood cannot starve a supervisor.</summary>
    public static bool IsProbe(PathString path) =>
        path.Equals(HealthPath, StringComparison.OrdinalIgnoreCase) || path.Equals(ReadinessEndpoint.Path, StringComparison.OrdinalIgnoreCase)
        || path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddCairnObservability(this IServiceCollection services)
    {
        // The sessions feature registers the binding store too; TryAdd keeps whichever comes first.
        services.TryAddSingleton<PeerBindingStore>();
        services.AddSingleton<SessionCensus>();
        services.AddSingleton<CairnMetrics>();
        services.AddSingleton<SessionSwitchTracker>();
        services.AddSingleton<IConnectionObserver>(sp => sp.GetRequiredService<SessionSwitchTracker>());
        services.AddSingleton<RequestMetricsFilter>();
        services.AddSingleton<GatewayUptime>();
        services.AddSingleton<IStoreProbe, DatabaseStoreProbe>();
        services.AddSingleton<IReadinessCheck, StoreReadinessCheck>();
        services.AddSingleton<ProviderHealthMonitor>();
        services.AddSingleton<IReadinessCheck, ProviderReadinessCheck>();
        services.AddSingleton<ProbeAccess>();
        services.AddSingleton<StoreIntegrityMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreIntegrityMonitor>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(CairnMetrics.MeterName)
            // Built into ASP.NET Core and the runtime: HTTP server, Kestrel connections, GC, thread pool.
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            // No response cache: a scrape right after a change shows it (the tests and docs rely on that).
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        services.ConfigureOpenTelemetryMeterProvider((sp, builder) => builder.AddView(OnlyThisHost(sp.GetRequiredService<IMeterFactory>())));
        return services;
    }

    /// <summary>
    /// The SDK subscribes to meters by name, process-wide, so a second gateway in the same process (the tests run
    /// many) would add its counts to ours. Meters made by a host's <see cref="IMeterFactory"/> carry that factory
    /// as their scope: drop instruments whose meter belongs to another host. Process-wide meters (no scope, e.g.
    /// System.Runtime) are kept.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory factory) =>
        instrument => instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, factory) ? MetricStreamConfiguration.Drop : null;

    public static void MapObservability(this WebApplication app)
    {
        // Resolved now, so uptime counts from start-up and the instruments exist before the first scrape.
        app.Services.GetRequiredService<GatewayUptime>();
        app.Services.GetRequiredService<CairnMetrics>();
        var access = app.Services.GetRequiredService<ProbeAccess>();

        app.MapGet(HealthPath, HealthEndpoint.HandleAsync);
        app.MapGet(ReadinessEndpoint.Path, ReadinessEndpoint.HandleAsync);
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null,
            configureBranchedPipeline: branch => branch.Use((http, next) => access.GuardAsync(http, () => next(http))),
            optionsName: null);
    }
}
