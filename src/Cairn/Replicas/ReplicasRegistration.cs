using Cairn.Chat;
using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Replicas;

/// <summary>
/// Several gateways on one PostgreSQL database: the event relay (<see cref="ReplicaBus"/>), the run leases
/// (<see cref="PostgresRunLeases"/>) and the leader election (<see cref="PostgresLeadership"/>) replace the lone
/// gateway's in-process ones. Their tables (<c>cairn_runs</c>, <c>cairn_event_payloads</c>) are the store's PostgreSQL
/// migration step 2, applied when the store opens, before any of these start.
/// </summary>
public static class ReplicasRegistration
{
    public static IServiceCollection AddReplicas(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => new ReplicaDatabase(connectionString));
        services.AddSingleton<ReplicaHealth>();
        services.AddSingleton<ReplicaBus>();
        services.AddSingleton<IEventRelay>(sp => sp.GetRequiredService<ReplicaBus>());
        services.AddSingleton<AdvisoryLocks>();
        services.AddSingleton<OrphanedRuns>();
        services.AddSingleton<RunReaper>();
        services.AddSingleton<PostgresRunLeases>();
        services.AddSingleton<IRunLeases>(sp => sp.GetRequiredService<PostgresRunLeases>());
        services.AddSingleton<PostgresLeadership>();
        services.AddSingleton<ILeadership>(sp => sp.GetRequiredService<PostgresLeadership>());
        services.AddHostedService<ReplicaStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaBus>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresLeadership>());
        return services;
    }
}

/// <summary>
/// Connects the leases to the bus (aborts asked by other replicas) and to the lock connection (leases lost with it),
/// before the bus and the election start (hosted services start in order).
/// </summary>
internal sealed class ReplicaStartup(ReplicaBus bus, AdvisoryLocks locks, PostgresRunLeases leases) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        bus.AbortRequested = leases.OnAbortRequested;
        locks.Lost = leases.OnLocksLost;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
