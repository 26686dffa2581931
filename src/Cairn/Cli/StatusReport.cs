using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>What <c>cairn status --json</c> prints, for scripts.</summary>
public sealed record StatusReport(
    string Url,
    bool Reachable,
    string Version,
    int Protocol,
    int SchemaVersion,
    ProviderInfo Provider,
    bool NamedSessions,
    IReadOnlyDictionary<string, int> Sessions);
