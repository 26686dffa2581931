namespace Cairn.Transport;

/// <summary>
/// Counts open WebSocket connections against <c>gateway.limits.maxWebSockets</c>. A connection over the cap is
/// accepted and closed at once with <see cref="TryAgainLater"/> (1013), so a browser sees a close code and a reason
/// instead of a failed handshake it cannot read.
/// </summary>
public sealed class WebSocketGate(int max)
{
    /// <summary>RFC 6455's registry: 1013 "Try Again Later", the server is overloaded.</summary>
    public const int TryAgainLater = 1013;

    private int _open;

    public int Max => max;

    /// <summary>Open WebSocket connections right now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Takes a place; false (and nothing taken) when all <see cref="Max"/> are in use.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _open) <= max)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _open);
}
