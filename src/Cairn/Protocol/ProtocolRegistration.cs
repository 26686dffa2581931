namespace Cairn.Protocol;

/// <summary>The method table, its transport-neutral filters, and the event hub.</summary>
public static class ProtocolRegistration
{
    public static IServiceCollection AddProtocol(this IServiceCollection services)
    {
        services.AddSingleton<EventHub>();
        services.AddSingleton(sp => new MethodTable(sp));
        services.AddSingleton<RequestLogFilter>();
        services.AddSingleton<InternalErrorFilter>();
        return services;
    }
}
