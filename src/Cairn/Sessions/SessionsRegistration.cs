using Cairn.Store;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cairn.Sessions;

/// <summary>The sessions feature: its service, the peer bindings, the reset policy and its background sweep.</summary>
public static class SessionsRegistration
{
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddSingleton<PeerBindingStore>();
        // Read for sessions.generations; the chat feature registers the same store for its writes.
        services.TryAddSingleton<TranscriptStore>();
        services.AddSingleton<ResetPolicy>();
        services.AddSingleton(sp => new TurnChangeCoalescer(sp.GetRequiredService<TimeProvider>(),
            TimeSpan.FromMilliseconds(sp.GetRequiredService<Config.CairnConfig>().Gateway.Limits.TurnUpdateMs)));
        services.AddSingleton<SessionService>();
        // The leader of a fleet does the sweep; alone, this gateway is its own (AddReplicas registers PostgreSQL's election).
        services.TryAddSingleton<ILeadership, SoleLeader>();
        services.AddSingleton<ResetSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ResetSweeper>());
        return services;
    }
}
