namespace Cairn.Sessions;

/// <summary>Whether a reply is being written in a session; chat answers it, and the reset sweep leaves such a session alone.</summary>
public interface IActiveRuns
{
    /// <summary>Whether this process runs a reply (or a compaction) in the session.</summary>
    bool IsActive(string sessionKey);

    /// <summary>
    /// Whether a run is live in the session on this process or on any replica of its fleet (its lease is held); the
    /// reset sweep asks this, since only the leader sweeps for the whole fleet. A round trip to PostgreSQL on replicas.
    /// </summary>
    Task<bool> IsActiveInFleetAsync(string sessionKey, CancellationToken ct);

    /// <summary>Aborts the session's run, if any, and waits (briefly) until it has ended and stored what it will store.</summary>
    Task StopAsync(string sessionKey, CancellationToken ct);
}
