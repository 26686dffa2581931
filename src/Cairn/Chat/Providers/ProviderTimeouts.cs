using Cairn.Config;

namespace Cairn.Chat.Providers;

/// <summary>
/// The three bounds of one model call, in the user's terms: the first token comes within <see cref="FirstToken"/>
/// of the call (retries and back-off included), no gap between chunks after it is longer than <see cref="Idle"/>,
/// and the whole call ends within <see cref="Overall"/>.
/// </summary>
public sealed record ProviderTimeouts(TimeSpan FirstToken, TimeSpan Idle, TimeSpan Overall)
{
    public static ProviderTimeouts From(ModelConfig model) => new(
        TimeSpan.FromSeconds(model.FirstTokenTimeoutSeconds),
        TimeSpan.FromSeconds(model.IdleTimeoutSeconds),
        TimeSpan.FromSeconds(model.TimeoutSeconds));
}

/// <summary>
/// Retries before the first token: at most <see cref="MaxRetries"/> more attempts, waiting <see cref="BaseDelay"/>
/// × 2^attempt (half of it random jitter, capped at <see cref="MaxBackoff"/>), or exactly what <c>Retry-After</c>
/// asks for; a <c>Retry-After</c> longer than <see cref="MaxWait"/> is not waited for (the failure is returned).
/// </summary>
public sealed record ProviderRetryPolicy(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxBackoff, TimeSpan MaxWait)
{
    public static ProviderRetryPolicy From(ModelConfig model) => new(
        model.MaxRetries, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(model.FirstTokenTimeoutSeconds));

    /// <summary>The wait before retry number <paramref name="attempt"/> (1-based), or null when it should not be waited for.</summary>
    public TimeSpan? Delay(int attempt, TimeSpan? retryAfter, double random)
    {
        if (retryAfter is { } asked)
        {
            return asked <= MaxWait ? asked : null;
        }

        var full = Math.Min(BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((full / 2) + (full / 2 * random));
    }
}
