namespace Cairn.Chat.Providers;

/// <summary>
/// The provider as the health endpoint and <c>cairn status</c> report it: <c>State</c> is <c>ok</c> or
/// <c>degraded</c>, with the <c>Reason</c> code and message of the failure that made it so; <c>Since</c> is when the
/// current state began (the first failure of the streak, or the first success after it).
/// </summary>
public sealed record ProviderHealthStatus(string State, string? Reason, string? Message, DateTimeOffset? Since, int ConsecutiveFailures,
    DateTimeOffset? LastOkAt, DateTimeOffset? LastFailureAt)
{
    public const string Ok = "ok";
    public const string Degraded = "degraded";
}

/// <summary>
/// The outcome of the model calls and probes so far. Degraded after one call fails for a reason that says the
/// provider itself is unwell (auth, rate limit, timeout, unreachable, 5xx, unknown model); ok again after the next
/// success. Failures that belong to one request (context overflow, content filter, other bad requests) leave the
/// state as it is. The provider pipeline records every call (<c>ProviderHealthChatClient</c>); the health endpoint
/// reads <see cref="Status"/> and may call <see cref="ProbeAsync"/> when no call has been made for a while.
/// Get the instance with <c>chatClient.GetService&lt;ProviderHealth&gt;()</c>.
/// </summary>
public sealed class ProviderHealth(TimeProvider time, Func<CancellationToken, Task<ProviderFailure?>>? probe = null)
{
    private readonly Lock _lock = new();
    private ProviderHealthStatus _status = new(ProviderHealthStatus.Ok, null, null, null, 0, null, null);

    public ProviderHealthStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>When the last call or probe ended, or null before the first.</summary>
    public DateTimeOffset? LastCheckedAt
    {
        get
        {
            var status = Status;
            return Max(status.LastOkAt, status.LastFailureAt);
        }
    }

    public bool HasProbe => probe is not null;

    /// <summary>True for reasons that speak about the provider rather than one request.</summary>
    public static bool IsHealthReason(ProviderFailure failure) => failure.Reason switch
    {
        ProviderReasons.ContextOverflow or ProviderReasons.ContentFilter => false,
        ProviderReasons.BadRequest => failure.Status == 404,
        _ => true,
    };

    public void RecordSuccess()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var since = _status.State == ProviderHealthStatus.Ok ? _status.Since ?? now : now;
            _status = new ProviderHealthStatus(ProviderHealthStatus.Ok, null, null, since, 0, now, _status.LastFailureAt);
        }
    }

    public void RecordFailure(ProviderFailure failure)
    {
        if (!IsHealthReason(failure))
        {
            return;
        }

        var now = time.GetUtcNow();
        lock (_lock)
        {
            var since = _status.State == ProviderHealthStatus.Degraded ? _status.Since : now;
            _status = new ProviderHealthStatus(ProviderHealthStatus.Degraded, failure.Reason, failure.Describe(), since,
                _status.ConsecutiveFailures + 1, _status.LastOkAt, now);
        }
    }

    /// <summary>Runs the light probe (for openai: <c>GET {baseUrl}/models</c> with a short timeout), records its outcome, returns the status.</summary>
    public async Task<ProviderHealthStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        if (probe is null)
        {
            return Status;
        }

        if (await probe(cancellationToken) is { } failure)
        {
            RecordFailure(failure);
        }
        else
        {
            RecordSuccess();
        }

        return Status;
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
