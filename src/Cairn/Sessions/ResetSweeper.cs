using Cairn.Protocol;

namespace Cairn.Sessions;

/// <summary>
/// Applies the reset policy in the background every minute, so that a session that is not written to still
/// starts fresh after the daily or idle boundary. Sessions with a reply streaming are left for the next sweep: on this
/// gateway or, in a fleet, on any replica (<see cref="IActiveRuns.IsActiveInFleetAsync"/> asks the session's lease).
/// The same pass purges the sessions that have been in the trash longer than <c>session.trashDays</c>. Of the replicas
/// of a fleet only the leader (<see cref="ILeadership"/>) sweeps, so a session is reset once, not once per replica.
/// </summary>
public sealed class ResetSweeper(SessionService sessions, IActiveRuns runs, ILeadership leadership, ILogger<ResetSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>One pass: resets, then the trash's retention; returns the keys it reset (none on a replica that is not the leader).</summary>
    public async Task<IReadOnlyList<string>> SweepAsync(CancellationToken ct = default)
    {
        if (!leadership.IsLeader)
        {
            return [];
        }

        var done = await ResetDueAsync(ct);
        await sessions.PurgeExpiredAsync(ct);
        return done;
    }

    private async Task<IReadOnlyList<string>> ResetDueAsync(CancellationToken ct)
    {
        var done = new List<string>();
        foreach (var key in sessions.DueForReset())
        {
            if (!await runs.IsActiveInFleetAsync(key, ct) && (await sessions.ResetAsync(key, ResetCause.Policy, Caller.Gateway, ct)).Error is null)
            {
                done.Add(key);
            }
        }

        return done;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, TimeProvider.System);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
