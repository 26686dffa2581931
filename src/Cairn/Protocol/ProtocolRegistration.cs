using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cairn.Protocol;

/// <summary>The method table, its transport-neutral filters, and the event hub.</summary>
public static class ProtocolRegistration
{
    public static IServiceCollection AddProtocol(this IServiceCollection services)
    {
        // The relay to other replicas: none unless AddReplicas registered PostgreSQL's (the last registration wins).
        services.TryAddSingleton<IEventRelay>(LocalEventRelay.Instance);
        services.AddSingleton(sp => new EventHub(sp.GetRequiredService<IEventRelay>()));
        services.AddSingleton(sp => new MethodTable(sp));
        services.AddSingleton<RequestLogFilter>();
        services.AddSingleton<InternalErrorFilter>();
        return services;
    }
}
