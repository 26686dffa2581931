using System.Net;
using Cairn.Config;

namespace Cairn.Transport;

/// <summary>
/// The HTTP request rate per client address: a <see cref="TokenBucket"/> each, <c>gateway.limits.httpRequestsPerSecond</c>
/// a second with bursts of <c>gateway.limits.httpRequestBurst</c>. There is deliberately no gateway-wide bucket: it would
/// let one local process that rotates through 127.0.0.0/8 starve the owner. Bookkeeping is bounded: at most
/// <see cref="MaxTrackedAddresses"/> buckets; when the table is full, buckets that have refilled (no different from
/// new ones) are dropped, at most once per refill time, and an address that still finds no room shares one overflow
/// bucket with the others in that position. Time comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class HttpRateLimiter(CairnConfig config, TimeProvider time)
{
    public const int MaxTrackedAddresses = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _buckets = new(StringComparer.Ordinal);
    private Entry? _overflow;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    private GatewayLimits Limits => config.Gateway.Limits;

    /// <summary>How many addresses have a bucket now (at most <see cref="MaxTrackedAddresses"/>).</summary>
    public int TrackedAddresses
    {
        get
        {
            lock (_lock)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>Takes a token for one request from <paramref name="remote"/>; the wait when there is none.</summary>
    public RateVerdict Take(IPAddress? remote)
    {
        lock (_lock)
        {
            var entry = Find(ClientAddress.Key(remote));
            if (entry.Bucket.TryTake())
            {
                entry.Refusing = false;
                return new RateVerdict(null, false);
            }

            var first = !entry.Refusing;
            entry.Refusing = true;
            return new RateVerdict(entry.Bucket.Wait(), first);
        }
    }

    private Entry Find(string key)
    {
        if (_buckets.TryGetValue(key, out var entry))
        {
            return entry;
        }

        if (_buckets.Count >= MaxTrackedAddresses && !Sweep())
        {
            return _overflow ??= NewEntry();
        }

        entry = NewEntry();
        _buckets[key] = entry;
        return entry;
    }

    /// <summary>Forgets full buckets, at most once per refill time; true when there is room now.</summary>
    private bool Sweep()
    {
        var now = time.GetUtcNow();
        if (now - _lastSweep >= TimeSpan.FromSeconds((double)Limits.HttpRequestBurst / Limits.HttpRequestsPerSecond))
        {
            _lastSweep = now;
            foreach (var (key, entry) in _buckets)
            {
                if (entry.Bucket.IsFull)
                {
                    _buckets.Remove(key);
                }
            }
        }

        return _buckets.Count < MaxTrackedAddresses;
    }

    private Entry NewEntry() => new(new TokenBucket(Limits.HttpRequestsPerSecond, Limits.HttpRequestBurst, time));

    private sealed class Entry(TokenBucket bucket)
    {
        public TokenBucket Bucket { get; } = bucket;

        /// <summary>The last request was refused: the next refusal is part of the same streak (logged once).</summary>
        public bool Refusing { get; set; }
    }
}

/// <summary>A request's fate: <see cref="RetryAfter"/> is null when it may pass; <see cref="FirstRefusal"/> starts a streak (log it).</summary>
public readonly record struct RateVerdict(TimeSpan? RetryAfter, bool FirstRefusal);
