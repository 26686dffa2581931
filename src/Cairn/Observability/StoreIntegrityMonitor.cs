using Cairn.Config;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Observability;

/// <summary>
/// Runs <c>PRAGMA quick_check</c> once at start-up, in the background so a large store does not delay listening,
/// and stops it after <c>store.quickCheckSeconds</c> (0: not at all). The result goes to the log and to
/// <c>/healthz</c> (<c>store.integrity</c>; damage makes the status <c>degraded</c>) and to the
/// <c>cairn_store_integrity_ok</c> gauge. A damaged page that no start-up read touches is found here, not by the
/// first request that needs it. <c>cairn doctor</c> runs the full check.
/// </summary>
public sealed class StoreIntegrityMonitor(CairnDatabase db, CairnConfig config, TimeProvider time, ILogger<StoreIntegrityMonitor> logger)
    : BackgroundService
{
    public const int ProblemsShown = 10;

    private volatile HealthIntegrity _status = new(config.Store.QuickCheckSeconds == 0 ? HealthIntegrity.Off : HealthIntegrity.Running);

    public HealthIntegrity Status => _status;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var limit = config.Store.QuickCheckSeconds;
        if (db.Path is null)
        {
            // PostgreSQL checks its own pages (and checksums, when the cluster has them): there is no file to check here.
            _status = new HealthIntegrity(HealthIntegrity.Off);
            return Task.CompletedTask;
        }

        if (limit == 0)
        {
            Log.QuickCheckOff(logger);
            return Task.CompletedTask;
        }

        // SQLite's check is synchronous: keep it off the start-up path.
        return Task.Run(() => Run(TimeSpan.FromSeconds(limit), stoppingToken), CancellationToken.None);
    }

    private void Run(TimeSpan limit, CancellationToken stopping)
    {
        var path = db.Path!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(limit);
        var report = StoreIntegrity.Check(path, full: false, deadline.Token);
        var at = time.GetUtcNow().ToUnixTimeMilliseconds();
        var megabytes = Math.Round(new FileInfo(path).Length / 1048576.0, 1);
        var seconds = Math.Round(report.Elapsed.TotalSeconds, 3);
        switch (report.Outcome)
        {
            case IntegrityOutcome.Ok:
                _status = new HealthIntegrity(HealthIntegrity.Ok, null, at, seconds);
                Log.QuickCheckOk(logger, report.Elapsed.TotalMilliseconds, megabytes);
                break;
            case IntegrityOutcome.Damaged:
                _status = new HealthIntegrity(HealthIntegrity.Damaged, [.. report.Problems.Take(ProblemsShown)], at, seconds);
                Log.QuickCheckDamaged(logger, report.Problems.Count, report.Problems[0]);
                break;
            case IntegrityOutcome.Interrupted when !stopping.IsCancellationRequested:
                _status = new HealthIntegrity(HealthIntegrity.Incomplete, null, at, seconds);
                Log.QuickCheckCutOff(logger, limit.TotalSeconds, megabytes);
                break;
        }
    }

    /// <summary>For <c>cairn_store_integrity_ok</c>: 1 after a clean check, 0 after damage, nothing otherwise.</summary>
    public IEnumerable<System.Diagnostics.Metrics.Measurement<int>> Measure() => _status.State switch
    {
        HealthIntegrity.Ok => [new(1)],
        HealthIntegrity.Damaged => [new(0)],
        _ => [],
    };
}
