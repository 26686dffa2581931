namespace Cairn.Transport;

/// <summary>
/// A token bucket: <c>perSecond</c> tokens a second, holding at most <c>burst</c>; a request without a token is
/// refused, and the bucket says how long until the next one. Not thread-safe: its owner serialises the calls (the
/// WebSocket read loop, or the HTTP limiter's lock). Time comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class TokenBucket(int perSecond, int burst, TimeProvider time)
{
    private double _tokens = burst;
    private DateTimeOffset _refilledAt = time.GetUtcNow();

    /// <summary>True when the bucket is full again, i.e. no different from a new one (so it can be forgotten).</summary>
    public bool IsFull
    {
        get
        {
            Refill();
            return _tokens >= burst;
        }
    }

    public bool TryTake()
    {
        Refill();
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return true;
        }

        return false;
    }

    /// <summary>How long until the next token; zero when there is one.</summary>
    public TimeSpan Wait()
    {
        Refill();
        return _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / perSecond);
    }

    private void Refill()
    {
        var now = time.GetUtcNow();
        if (now > _refilledAt)
        {
            _tokens = Math.Min(burst, _tokens + ((now - _refilledAt).TotalSeconds * perSecond));
            _refilledAt = now;
        }
    }
}
