using Cairn.Config;

namespace Cairn.Transport;

/// <summary>What the rate limiter says about one incoming message.</summary>
public enum RateDecision
{
    Allow,
    Refuse,

    /// <summary>Refused, and the client kept sending through a whole burst of refusals: close the connection.</summary>
    Abuse,
}

/// <summary>
/// A <see cref="TokenBucket"/> per WebSocket connection: <c>MessagesPerSecond</c> tokens a second, holding at most
/// <c>MessageBurst</c>. A message without a token is refused; a client that keeps sending through
/// <c>MessageBurst</c> refusals in a row is not listening to them and gets disconnected. Used only by
/// the connection's read loop, so it needs no locking.
/// </summary>
public sealed class MessageRateLimiter(GatewayLimits limits, TimeProvider time)
{
    private readonly TokenBucket _bucket = new(limits.MessagesPerSecond, limits.MessageBurst, time);
    private int _refusedInARow;

    public RateDecision Take()
    {
        if (_bucket.TryTake())
        {
            _refusedInARow = 0;
            return RateDecision.Allow;
        }

        _refusedInARow++;
        return _refusedInARow >= limits.MessageBurst ? RateDecision.Abuse : RateDecision.Refuse;
    }
}
