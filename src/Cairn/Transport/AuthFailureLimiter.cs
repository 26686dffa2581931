using System.Net;
using Cairn.Config;

namespace Cairn.Transport;

/// <summary>
/// Counts wrong tokens per remote address and for the whole gateway over a sliding minute. At an address's limit
/// (<c>gateway.limits.authFailuresPerMinute</c>), or the gateway's (<c>gateway.limits.authFailuresGlobalPerMinute</c>,
/// which a process rotating through 127.0.0.0/8 hits), wrong tokens are answered RATE_LIMITED until the oldest
/// failure leaves the window. The right token is checked first and never refused for this: tokens are 192-bit, so
/// once wrong guesses are globally limited guessing is hopeless, and no one can lock the owner out. Bookkeeping is
/// O(1) per failure: at most <see cref="MaxTrackedAddresses"/> addresses are tracked (expired ones are swept at most
/// once a window; past the cap an address is covered by the global budget only). Time comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class AuthFailureLimiter(CairnConfig config, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public const int MaxTrackedAddresses = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _global = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    private int Limit => config.Gateway.Limits.AuthFailuresPerMinute;

    private int GlobalLimit => config.Gateway.Limits.AuthFailuresGlobalPerMinute;

    /// <summary>How many addresses are tracked now (at most <see cref="MaxTrackedAddresses"/>).</summary>
    public int TrackedAddresses
    {
        get
        {
            lock (_lock)
            {
                return _failures.Count;
            }
        }
    }

    /// <summary>How long a wrong token from <paramref name="remote"/> is answered RATE_LIMITED, or null when it is not.</summary>
    public TimeSpan? LockedFor(IPAddress? remote)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Expire(_global, now);
            TimeSpan? wait = _global.Count >= GlobalLimit ? _global.Peek() + Window - now : null;
            if (_failures.TryGetValue(Key(remote), out var failures))
            {
                Expire(failures, now);
                if (failures.Count >= Limit && failures.Peek() + Window - now is var own && (wait is null || own > wait))
                {
                    wait = own;
                }
            }

            return wait;
        }
    }

    /// <summary>Records a wrong token presented by <paramref name="remote"/>.</summary>
    public void RecordFailure(IPAddress? remote)
    {
        var now = time.GetUtcNow();
        var key = Key(remote);
        lock (_lock)
        {
            Add(_global, now, GlobalLimit);
            if (!_failures.TryGetValue(key, out var failures))
            {
                if (_failures.Count >= MaxTrackedAddresses && !Sweep(now))
                {
                    return;
                }

                failures = new Queue<DateTimeOffset>();
                _failures[key] = failures;
            }

            Add(failures, now, Limit);
        }
    }

    private static void Add(Queue<DateTimeOffset> failures, DateTimeOffset now, int limit)
    {
        Expire(failures, now);
        failures.Enqueue(now);
        while (failures.Count > limit)
        {
            failures.Dequeue();
        }
    }

    /// <summary>Forgets addresses with no failure in the window, at most once a window; true when there is room now.</summary>
    private bool Sweep(DateTimeOffset now)
    {
        if (now - _lastSweep >= Window)
        {
            _lastSweep = now;
            foreach (var (key, failures) in _failures)
            {
                Expire(failures, now);
                if (failures.Count == 0)
                {
                    _failures.Remove(key);
                }
            }
        }

        return _failures.Count < MaxTrackedAddresses;
    }

    private static void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + Window <= now)
        {
            failures.Dequeue();
        }
    }

    private static string Key(IPAddress? remote) => ClientAddress.Key(remote);
}
