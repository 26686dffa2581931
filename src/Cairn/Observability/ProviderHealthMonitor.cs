using Cairn.Chat.Providers;
using Microsoft.Extensions.AI;

namespace Cairn.Observability;

/// <summary>
/// The model provider's health as <c>/healthz</c> and <c>/readyz</c> read it: what the chat feature recorded from
/// its calls (<see cref="ProviderHealth"/>), refreshed by the provider's light probe when neither a call nor a probe
/// happened for <see cref="ProbeAfter"/>. Probes are rate-limited: at most one starts per <see cref="ProbeAfter"/>,
/// and readers arriving while one runs wait for that one, so a burst of health checks costs the provider one
/// request. The probe runs on its own short timeout, not the reader's request.
/// </summary>
public sealed class ProviderHealthMonitor(IChatClient client, TimeProvider time)
{
    public static readonly TimeSpan ProbeAfter = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private Task<ProviderHealthStatus>? _probe;
    private DateTimeOffset? _probeStarted;

    /// <summary>The state, after a probe when one is due; null when the client tracks no health.</summary>
    public async Task<ProviderHealthStatus?> ReadAsync(CancellationToken ct)
    {
        if (client.GetService<ProviderHealth>() is not { } health)
        {
            return null;
        }

        Task<ProviderHealthStatus>? probe;
        lock (_gate)
        {
            if (_probe is not { IsCompleted: false } && ProbeDue(health))
            {
                _probeStarted = time.GetUtcNow();
                _probe = health.ProbeAsync(CancellationToken.None);
            }

            probe = _probe is { IsCompleted: false } ? _probe : null;
        }

        return probe is null ? health.Status : await probe.WaitAsync(ct);
    }

    private bool ProbeDue(ProviderHealth health)
    {
        var now = time.GetUtcNow();
        return health.HasProbe
            && (health.LastCheckedAt is not { } last || now - last >= ProbeAfter)
            && (_probeStarted is not { } started || now - started >= ProbeAfter);
    }
}
