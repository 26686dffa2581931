namespace Cairn.Transport;

/// <summary>
/// The bytes waiting to be sent to WebSocket clients, over all connections: each outbox reserves a frame's bytes
/// here when it queues the frame and releases them once sent (or dropped with the connection). A reservation
/// that would pass <c>gateway.limits.sendBudgetBytes</c> is refused, and the outbox that asked drops its client,
/// so memory held for clients stays bounded however many of them stop reading.
/// </summary>
public sealed class SendBudget(long limitBytes)
{
    private long _used;

    public long LimitBytes => limitBytes;

    /// <summary>Bytes queued for every connection right now.</summary>
    public long UsedBytes => Interlocked.Read(ref _used);

    public bool TryReserve(int bytes)
    {
        if (Interlocked.Add(ref _used, bytes) <= limitBytes)
        {
            return true;
        }

        Interlocked.Add(ref _used, -bytes);
        return false;
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
