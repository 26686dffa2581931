using Cairn.Chat.Providers;

namespace Cairn.Observability;

/// <summary>
/// The model provider's health as the chat feature tracks it (<see cref="ProviderHealth"/>, fed by every model
/// call): ready while it is <c>ok</c>, not ready while it is <c>degraded</c>. When no call has been made for a
/// while, the provider's light probe runs first (<see cref="ProviderHealthMonitor"/>, shared with <c>/healthz</c>),
/// so a gateway nobody chats with still reports the truth.
/// </summary>
public sealed class ProviderReadinessCheck(ProviderHealthMonitor monitor) : IReadinessCheck
{
    public string Name => "provider";

    public async ValueTask<ReadinessResult> CheckAsync(CancellationToken ct)
    {
        if (await monitor.ReadAsync(ct) is not { } status)
        {
            return ReadinessResult.Yes;
        }

        var details = new { state = status.State, reason = status.Reason, since = status.Since, consecutiveFailures = status.ConsecutiveFailures };
        return status.State == ProviderHealthStatus.Ok
            ? new ReadinessResult(true, Details: details)
            : new ReadinessResult(false, status.Message ?? "The model provider is failing.", details);
    }
}
