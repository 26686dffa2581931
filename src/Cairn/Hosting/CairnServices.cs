using Cairn.Analytics;
using Cairn.Chat;
using Cairn.Commands;
using Cairn.Config;
using Cairn.Export;
using Cairn.Gateway;
using Cairn.Import;
using Cairn.Observability;
using Cairn.OpenAi;
using Cairn.Protocol;
using Cairn.Replicas;
using Cairn.Search;
using Cairn.Sessions;
using Cairn.Sharing;
using Cairn.Store;
using Cairn.Templates;
using Cairn.Transport;

namespace Cairn.Hosting;

/// <summary>Everything a gateway registers: what start-up opened, the transports, the protocol, and one <c>AddX</c> per feature.</summary>
public static class CairnServices
{
    public static IServiceCollection AddCairn(this IServiceCollection services, CairnConfig config, TimeProvider time, CairnDatabase db,
        SessionStore sessions, string? token)
    {
        services.AddSingleton(config);
        services.AddSingleton(time);
        services.AddSingleton(db);
        services.AddSingleton(sessions);
        services.AddSingleton(new GatewayAuth(token));
        services.AddSingleton<AuthFailureLimiter>();
        services.AddSingleton(sp => new SendBudget(sp.GetRequiredService<CairnConfig>().Gateway.Limits.SendBudgetBytes));
        services.AddSingleton<HttpRateLimiter>();
        services.AddSingleton(sp => new WebSocketGate(sp.GetRequiredService<CairnConfig>().Gateway.Limits.MaxWebSockets));
        services.AddSingleton<ConnectionLimit>();
        services.AddSingleton<MethodDispatcher>();
        if (config.Store.Provider == StoreConfig.Postgres)
        {
            // Several gateways may share this database: events, run leases and the sweep's leader go through it too.
            services.AddReplicas(config.Store.ConnectionString!);
        }

        return services
            .AddProtocol()
            .AddSessions()
            .AddChat(config)
            .AddCommands()
            .AddSharing()
            .AddExport()
            .AddSearch()
            .AddAnalytics()
            .AddTemplates()
            .AddCairnImport()
            .AddOpenAi()
            .AddCairnObservability();
    }
}
