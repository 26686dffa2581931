using Cairn.Store;

namespace Cairn.Analytics;

/// <summary>
/// Counts the gateway events that happen outside a store write (a switch, a blocked reset, a creation error), each
/// with a small write of its own, in order, off the caller's path (the callers are synchronous counters). The day is
/// taken when the event happens. Analytics reads wait for the writes queued before them (<see cref="FlushAsync"/>),
/// so an answer includes every event that came before the question.
/// </summary>
public sealed class AnalyticsRecorder(AnalyticsStore store, TimeProvider time, ILogger<AnalyticsRecorder> logger)
{
    private readonly Lock _gate = new();
    private Task _tail = Task.CompletedTask;

    public void Count(GatewayCounter counter)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            _tail = WriteAfter(_tail, counter, now);
        }
    }

    /// <summary>Completes when every event counted so far is written (or failed, and was logged).</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            return _tail;
        }
    }

    private async Task WriteAfter(Task previous, GatewayCounter counter, long now)
    {
        await previous;
        try
        {
            await store.CountAsync(counter, now);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or System.Data.Common.DbException or ObjectDisposedException)
        {
            // A count is not worth failing anything for; the Prometheus counter still has it.
            Log.CountFailed(logger, counter, ex);
        }
    }
}
