namespace Cairn.Protocol;

/// <summary>The body of <c>GET /healthz</c>.</summary>
public sealed record HealthReport(string Status, string Version, long UptimeSeconds, HealthStore Store);

public sealed record HealthStore(bool Reachable, int? SchemaVersion, string? Problem);
