namespace Cairn.Chat;

/// <summary>
/// The fleet-wide half of "one run per session": <see cref="ChatRuns"/> keeps this process's runs, a lease keeps the
/// other replicas' sends out. With one process (SQLite) every lease is granted (<see cref="LocalRunLeases"/>); on
/// PostgreSQL it is an advisory lock per session held by the replica running it (<c>Replicas.PostgresRunLeases</c>).
/// </summary>
public interface IRunLeases
{
    /// <summary>Takes the session's lease for <paramref name="run"/>; refused with the holder's run when another replica has one.</summary>
    Task<RunLease> TryAcquireAsync(ChatRun run, CancellationToken ct);

    /// <summary>Gives the lease back once the run has stored its reply; never throws (a lost connection frees it anyway).</summary>
    Task ReleaseAsync(ChatRun run);

    /// <summary>Whether another replica holds the session's lease now (a run of its own streams there); false alone on a store.</summary>
    Task<bool> IsHeldElsewhereAsync(string sessionKey, CancellationToken ct);

    /// <summary>Asks the replica running the session's run (<paramref name="runId"/>, if given) to stop it; the run asked, or null when no other replica runs one.</summary>
    Task<string?> AbortElsewhereAsync(string sessionKey, string? runId, CancellationToken ct);
}

/// <summary>A lease asked for: granted, or held by another replica's run (its id and kind, when known).</summary>
public sealed record RunLease(bool Granted, string? HolderRunId = null, RunKind HolderKind = RunKind.Reply)
{
    public static RunLease Grant { get; } = new(true);
}

/// <summary>The leases of a gateway alone on its store: its own <see cref="ChatRuns"/> are the whole truth.</summary>
public sealed class LocalRunLeases : IRunLeases
{
    public Task<RunLease> TryAcquireAsync(ChatRun run, CancellationToken ct) => Task.FromResult(RunLease.Grant);

    public Task ReleaseAsync(ChatRun run) => Task.CompletedTask;

    public Task<bool> IsHeldElsewhereAsync(string sessionKey, CancellationToken ct) => Task.FromResult(false);

    public Task<string?> AbortElsewhereAsync(string sessionKey, string? runId, CancellationToken ct) => Task.FromResult<string?>(null);
}
