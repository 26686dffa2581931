using System.Net.WebSockets;
using Cairn.Protocol;

namespace Cairn.Client;

/// <summary>How a <see cref="CairnConnection"/> connects, identifies itself, waits and reconnects.</summary>
public sealed record CairnConnectionOptions
{
    /// <summary>The gateway's token, sent in <c>connect</c>; null when the gateway runs with <c>auth.mode: none</c>.</summary>
    public string? Token { get; init; }

    /// <summary>Who is connecting, as the gateway's logs and metrics name it.</summary>
    public ConnectClient Client { get; init; } = new("cairn-client", Hello.ServerVersion);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a request waits for its reply.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <c>NextEventAsync</c> waits; <see cref="Timeout.InfiniteTimeSpan"/> waits as long as the connection lives.</summary>
    public TimeSpan EventTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many events not yet asked for are kept for <c>NextEventAsync</c> (oldest dropped first); 0 keeps none.</summary>
    public int EventBufferCapacity { get; init; } = 10_000;

    /// <summary>Reconnect (and send <c>connect</c> again) when the connection is lost; null: stay closed.</summary>
    public ReconnectPolicy? Reconnect { get; init; }

    /// <summary>Appended to the <c>/ws</c> URL, e.g. <c>?token=x</c> in a test that checks it is ignored.</summary>
    public string Query { get; init; } = "";

    /// <summary>Headers and other socket options (an <c>Origin</c>, say) before connecting.</summary>
    public Action<ClientWebSocketOptions>? ConfigureSocket { get; init; }
}

/// <summary>
/// Exponential backoff between reconnect attempts: <see cref="InitialDelay"/>, doubled each time up to
/// <see cref="MaxDelay"/>, with up to a quarter of random jitter so many clients do not return at once.
/// </summary>
public sealed record ReconnectPolicy(TimeSpan InitialDelay, TimeSpan MaxDelay, int MaxAttempts = int.MaxValue)
{
    public static ReconnectPolicy Default { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

    public TimeSpan DelayBefore(int attempt)
    {
        var doubled = InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(doubled, MaxDelay.TotalMilliseconds);
#pragma warning disable CA5394 // jitter, not security
        return TimeSpan.FromMilliseconds(capped * (1 + (Random.Shared.NextDouble() / 4)));
#pragma warning restore CA5394
    }
}
