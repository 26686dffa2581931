using System.Collections.Concurrent;
using System.Net;
using Cairn.Config;

namespace Cairn.Transport;

/// <summary>
/// Counts wrong tokens per remote address over a sliding minute. At the limit the address is locked out:
/// every token it presents (the right one too, or a guesser would learn which guess was right) is refused
/// with RATE_LIMITED until its oldest failure leaves the window. Loopback is not exempt: every local
/// process shares 127.0.0.1, and a web page can reach loopback. Time comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class AuthFailureLimiter(CairnConfig config, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Enough for any real client population; past it, addresses with no recent failure are forgotten.
    private const int MaxTrackedAddresses = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    private int Limit => config.Gateway.Limits.AuthFailuresPerMinute;

    /// <summary>How long <paramref name="remote"/> stays locked out, or null when it may try a token.</summary>
    public TimeSpan? LockedFor(IPAddress? remote)
    {
        if (!_failures.TryGetValue(Key(remote), out var failures))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (failures)
        {
            Expire(failures, now);
            return failures.Count >= Limit ? failures.Peek() + Window - now : null;
        }
    }

    /// <summary>Records a wrong token presented by <paramref name="remote"/>.</summary>
    public void RecordFailure(IPAddress? remote)
    {
        if (_failures.Count >= MaxTrackedAddresses)
        {
            Prune();
        }

        var now = time.GetUtcNow();
        var failures = _failures.GetOrAdd(Key(remote), _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures, now);
            failures.Enqueue(now);
            while (failures.Count > Limit)
            {
                failures.Dequeue();
            }
        }
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private static void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + Window <= now)
        {
            failures.Dequeue();
        }
    }

    // IPv4 clients on a dual-stack socket appear as ::ffff:a.b.c.d: count them as the IPv4 address. One IPv6
    // host usually owns a whole /64, so its addresses are counted together.
    private static string Key(IPAddress? remote)
    {
        if (remote is null)
        {
            return "unknown";
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            return remote.MapToIPv4().ToString();
        }

        if (remote.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !IPAddress.IsLoopback(remote))
        {
            var bytes = remote.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return remote.ToString();
    }
}
