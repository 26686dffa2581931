namespace Cairn.Protocol;

/// <summary>
/// The body of <c>GET /healthz</c>. <c>Status</c> is <c>ok</c>, <c>degraded</c> (the store answers, the model
/// provider is failing: still HTTP 200, the process is alive) or <c>unavailable</c> (the store does not answer: 503).
/// <c>Provider</c> is null only from a gateway older than this field.
/// </summary>
public sealed record HealthReport(string Status, string Version, long UptimeSeconds, HealthStore Store, HealthProvider? Provider = null)
{
    /// <summary>This gateway as a replica of a fleet on PostgreSQL; null for a gateway alone on its store.</summary>
    public HealthReplica? Replica { get; init; }

    public const string Ok = "ok";
    public const string Degraded = "degraded";
    public const string Unavailable = "unavailable";
}

/// <summary>
/// The store in <c>/healthz</c>. <c>Writable</c> is false after a write failed for a named reason (disk full,
/// read-only, I/O error; <c>Problem</c> says which and what to do) until a write succeeds again. <c>Integrity</c> is
/// the start-up <c>PRAGMA quick_check</c> (null from a gateway older than this field; <c>off</c> on PostgreSQL).
/// <c>Provider</c> is the store's database, <c>sqlite</c> or <c>postgres</c> (null from a gateway older than this field);
/// <c>SchemaVersion</c> counts that database's own migrations.
/// </summary>
public sealed record HealthStore(bool Reachable, int? SchemaVersion, string? Problem, bool Writable = true, HealthIntegrity? Integrity = null)
{
    public string? Provider { get; init; }
}

/// <summary>
/// The start-up integrity check: <c>State</c> is <c>running</c>, <c>ok</c>, <c>damaged</c> (<c>Problems</c> lists
/// SQLite's first findings), <c>incomplete</c> (stopped at its time limit, <c>store.quickCheckSeconds</c>) or
/// <c>off</c>. <c>CheckedAt</c> is ms since the epoch when it ended; <c>Seconds</c> how long it ran.
/// </summary>
public sealed record HealthIntegrity(string State, IReadOnlyList<string>? Problems = null, long? CheckedAt = null, double? Seconds = null)
{
    public const string Running = "running";
    public const string Ok = "ok";
    public const string Damaged = "damaged";
    public const string Incomplete = "incomplete";
    public const string Off = "off";
}

/// <summary>
/// The model provider in <c>/healthz</c>: <c>State</c> <c>ok</c> or <c>degraded</c>; while degraded, <c>Reason</c> (a chat
/// failure reason code: <c>auth</c>, <c>unavailable</c>, <c>timeout</c> …) and <c>Message</c> (the provider's words,
/// secrets redacted). <c>Since</c>, <c>LastOkAt</c> and <c>LastFailureAt</c> are ms since the epoch, null before the
/// first model call or probe.
/// </summary>
public sealed record HealthProvider(string Name, string Model, string State, string? Reason, string? Message, long? Since,
    int ConsecutiveFailures, long? LastOkAt, long? LastFailureAt)
{
    public const string Ok = "ok";
    public const string Degraded = "degraded";
}

/// <summary>
/// A replica's part of the fleet in <c>/healthz</c>: its id, whether its event (LISTEN) and lock connections are up
/// (<c>Problem</c> says why not; the status is then <c>degraded</c>), how often the event connection was opened again, and
/// whether it is the leader (reset sweep, trash purge).
/// </summary>
public sealed record HealthReplica(string Id, bool Listening, string? Problem, int Reconnects, bool Leader);
