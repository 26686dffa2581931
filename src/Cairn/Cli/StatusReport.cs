using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// What <c>cairn status --json</c> prints, for scripts. <c>ProviderHealth</c> is <c>/healthz</c>'s <c>provider</c>
/// (<c>state</c> ok or degraded, with <c>reason</c> and <c>message</c>); null from a gateway too old to report it.
/// </summary>
public sealed record StatusReport(
    string Url,
    bool Reachable,
    string Version,
    int Protocol,
    int SchemaVersion,
    ProviderInfo Provider,
    bool NamedSessions,
    IReadOnlyDictionary<string, int> Sessions,
    HealthProvider? ProviderHealth = null);
