namespace Cairn.Observability;

/// <summary>When the gateway started, for the uptime in <c>/healthz</c>; measured on the injected clock.</summary>
public sealed class GatewayUptime(TimeProvider time)
{
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public TimeSpan Elapsed => time.GetUtcNow() - _started;
}
