using Cairn.Store;

namespace Cairn.Chat;

/// <summary>
/// A gateway alone on its store (SQLite), just started: no run of this process has begun, so a reply still marked
/// streaming was cut off by the previous process's end (a crash, a kill) and is marked interrupted. In the background,
/// after the gateway listens: it reads every message row, which must neither delay the start nor touch a damaged page
/// before the integrity check has had its say. On PostgreSQL other replicas may be streaming: the fleet's leader and the
/// next send end dead replicas' runs instead (<c>Replicas.RunReaper</c>).
/// </summary>
public sealed class InterruptedReplies(TranscriptStore transcripts, ChatRuns runs, ILogger<InterruptedReplies> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            // A send that came in before this scan streams into its own row: that run is this process's, not a cut-off one.
            var marked = await transcripts.InterruptAllAsync(runs.RunIds, stoppingToken);
            if (marked.Count > 0)
            {
                Log.RepliesInterrupted(logger, marked.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A damaged or unwritable store: the integrity check and the write-failure health report say so.
            Log.InterruptScanFailed(logger, ex);
        }
    }
}
