using Cairn.Chat.Providers;
using Microsoft.Extensions.AI;

namespace Cairn.Observability;

/// <summary>
/// The model provider's health as the chat feature tracks it (<see cref="ProviderHealth"/>, fed by every model
/// call): ready while it is <c>ok</c>, not ready while it is <c>degraded</c>. When no call has been made for a
/// while, the provider's light probe runs first, so a gateway nobody chats with still reports the truth.
/// </summary>
public sealed class ProviderReadinessCheck(IChatClient client, TimeProvider time) : IReadinessCheck
{
    public static readonly TimeSpan ProbeAfter = TimeSpan.FromSeconds(30);

    public string Name => "provider";

    public async ValueTask<ReadinessResult> CheckAsync(CancellationToken ct)
    {
        if (client.GetService<ProviderHealth>() is not { } health)
        {
            return ReadinessResult.Yes;
        }

        var status = health.HasProbe && (health.LastCheckedAt is not { } last || time.GetUtcNow() - last > ProbeAfter)
            ? await health.ProbeAsync(ct)
            : health.Status;
        var details = new { state = status.State, reason = status.Reason, since = status.Since, consecutiveFailures = status.ConsecutiveFailures };
        return status.State == ProviderHealthStatus.Ok
            ? new ReadinessResult(true, Details: details)
            : new ReadinessResult(false, status.Message ?? "The model provider is failing.", details);
    }
}
