using Cairn.Sessions;
using Npgsql;

namespace Cairn.Replicas;

/// <summary>
/// Elects the fleet's leader: the replica whose lock connection holds <see cref="AdvisoryKeys.Leader"/>. Every
/// <see cref="Interval"/> each replica checks its connection (a leader that lost it steps down) or tries to take the lock,
/// so when the leader dies another takes over within that interval of PostgreSQL freeing the lock (at once for a killed
/// process, within the keepalive bound for a dead host): under 30 s either way. The leader also ends orphaned runs
/// (<see cref="RunReaper"/>) on each tick.
/// </summary>
public sealed class PostgresLeadership(ReplicaDatabase db, AdvisoryLocks locks, RunReaper reaper, ILogger<PostgresLeadership> logger)
    : BackgroundService, ILeadership
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private volatile bool _leader;

    public bool IsLeader => _leader && locks.Holds(AdvisoryKeys.Leader);

    /// <summary>One election round (and the leader's chores); the background loop calls it every <see cref="Interval"/>.</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        try
        {
            if (_leader)
            {
                await locks.PingAsync(ct);
            }

            var leading = await locks.TryLockAsync(AdvisoryKeys.Leader, ct);
            if (leading != _leader)
            {
                _leader = leading;
                if (leading)
                {
                    Log.BecameLeader(logger, db.ReplicaId);
                }
                else
                {
                    Log.LostLeadership(logger, db.ReplicaId);
                }
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            if (_leader && !locks.Holds(AdvisoryKeys.Leader))
            {
                _leader = false;
                Log.LostLeadership(logger, db.ReplicaId);
            }

            Log.ChoreFailed(logger, db.ReplicaId, "leader election", ex);
            return;
        }

        if (IsLeader)
        {
            await reaper.ReapAsync(ct);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, TimeProvider.System);
        try
        {
            do
            {
                try
                {
                    await TickAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A chore that failed in a way the tick did not expect must not stop the gateway: try again next round.
                    Log.ChoreFailed(logger, db.ReplicaId, "leader round", ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
