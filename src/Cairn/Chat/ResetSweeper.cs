using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Chat;

/// <summary>
/// Applies the reset policy in the background every minute, so that a session that is not written to still
/// starts fresh after the daily or idle boundary. Sessions with a reply streaming are left for the next sweep.
/// </summary>
public sealed class ResetSweeper(SessionStore store, ResetPolicy policy, ChatRuns runs, SessionMethods sessionEvents,
    TimeProvider time, ILogger<ResetSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>One pass; returns the keys it reset.</summary>
    public async Task<IReadOnlyList<string>> SweepAsync(CancellationToken ct = default)
    {
        if (policy.DueBefore() is not { } before)
        {
            return [];
        }

        var done = new List<string>();
        foreach (var key in store.DueForReset(before.ToUnixTimeMilliseconds(), 500))
        {
            if (runs.IsActive(key))
            {
                continue;
            }

            if (await store.ResetIfDueAsync(key, policy.NoticeIfDue, time.GetUtcNow().ToUnixTimeMilliseconds(), ct) is { } reset)
            {
                Log.PolicyReset(logger, key);
                sessionEvents.Changed(ChangeReason.Reset, key, reset.Entry);
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
