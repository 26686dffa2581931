using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Replicas;

/// <summary>The replica's line of <c>/healthz</c>: null for a gateway alone on its store.</summary>
public static class ReplicaReport
{
    public static HealthReplica? Of(IServiceProvider services)
    {
        if (services.GetService<ReplicaHealth>() is not { } health || services.GetService<ReplicaDatabase>() is not { } db)
        {
            return null;
        }

        var problem = health.ListenerProblem is { } listener ? "event connection: " + listener
            : health.LocksProblem is { } locks ? "lock connection: " + locks
            : null;
        return new HealthReplica(db.ReplicaId, health.ListenerProblem is null, problem, health.Reconnects,
            services.GetRequiredService<ILeadership>().IsLeader);
    }
}
