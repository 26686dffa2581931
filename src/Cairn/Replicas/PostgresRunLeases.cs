using System.Collections.Concurrent;
using Cairn.Chat;
using Cairn.Store;
using Npgsql;

namespace Cairn.Replicas;

/// <summary>
/// One run per session across the fleet: a run holds the session's advisory lock (<see cref="AdvisoryKeys.Run"/>) on
/// this replica's lock connection for as long as it lives, and a row in <c>cairn_runs</c> says which run it is (for the
/// refusal's <c>runId</c>, for <c>chat.abort</c> from another replica, and for finding runs whose replica died). A row
/// whose lock nobody holds is an orphan: its replica died mid-reply (<see cref="OrphanedRuns"/> ends it).
/// </summary>
public sealed class PostgresRunLeases(ReplicaDatabase db, AdvisoryLocks locks, ReplicaBus bus, OrphanedRuns orphans, TimeProvider time,
    ILogger<PostgresRunLeases> logger)
    : IRunLeases
{
    private readonly ConcurrentDictionary<long, ChatRun> _running = new();

    /// <summary>Takes the lease; a failure of the database is tried once more on fresh connections (the server may have restarted).</summary>
    public async Task<RunLease> TryAcquireAsync(ChatRun run, CancellationToken ct)
    {
        try
        {
            return await AcquireOnceAsync(run, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            db.ForgetPooled();
        }

        try
        {
            return await AcquireOnceAsync(run, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            db.ForgetPooled();
            throw Unavailable(ex);
        }
    }

    private async Task<RunLease> AcquireOnceAsync(ChatRun run, CancellationToken ct)
    {
        var key = AdvisoryKeys.Run(run.SessionKey);
        try
        {
            // Not re-entrant: a run of this replica that is still releasing the lock must not lend it to the next one.
            if (!await locks.TryLockAsync(key, ct, reentrant: false))
            {
                return await HolderAsync(run.SessionKey, ct) is { } holder
                    ? new RunLease(false, holder.RunId, holder.Kind)
                    : new RunLease(false);
            }

            _running[key] = run;
            var previous = await ClaimRowAsync(run, ct);
            if (previous is not null && previous != run.RunId)
            {
                // The lock was free but a row was left: that run's replica died before it could end it.
                await orphans.EndAsync(run.SessionKey, previous, ct);
            }

            return RunLease.Grant;
        }
        catch
        {
            // A database failure, or the sender gone (cancelled) after the lock was taken: never keep a lease nobody runs.
            if (_running.TryRemove(new KeyValuePair<long, ChatRun>(key, run)))
            {
                await ReleaseLockQuietlyAsync(key);
            }

            throw;
        }
    }

    public async Task ReleaseAsync(ChatRun run)
    {
        var key = AdvisoryKeys.Run(run.SessionKey);
        if (!_running.TryRemove(new KeyValuePair<long, ChatRun>(key, run)))
        {
            return;
        }

        try
        {
            await using var command = db.Source.CreateCommand("DELETE FROM cairn_runs WHERE session_key = @k AND run_id = @r");
            command.Parameters.AddWithValue("k", run.SessionKey);
            command.Parameters.AddWithValue("r", run.RunId);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            // The row stays; whoever takes the lock next ends it as an orphan (its reply is already stored, so nothing changes).
            Log.ChoreFailed(logger, db.ReplicaId, "release run row", ex);
        }

        await ReleaseLockQuietlyAsync(key);
    }

    public async Task<string?> AbortElsewhereAsync(string sessionKey, string? runId, CancellationToken ct)
    {
        try
        {
            if (await HolderAsync(sessionKey, ct) is not { } holder || (runId is not null && runId != holder.RunId)
                || !await locks.IsHeldElsewhereAsync(AdvisoryKeys.Run(sessionKey), ct))
            {
                return null;
            }

            await bus.SendAbortAsync(sessionKey, holder.RunId, ct);
            return holder.RunId;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            db.ForgetPooled();
            throw Unavailable(ex);
        }
    }

    /// <summary>
    /// Whether another connection holds the session's lock, read from <c>pg_locks</c> (not by trying the lock, which
    /// for that instant would refuse a replica starting a run there). A run of this replica is not "elsewhere".
    /// </summary>
    public async Task<bool> IsHeldElsewhereAsync(string sessionKey, CancellationToken ct)
    {
        var key = AdvisoryKeys.Run(sessionKey);
        if (locks.Holds(key))
        {
            return false;
        }

        try
        {
            await using var command = db.Source.CreateCommand("""
                SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    AND classid::bigint = @hi AND objid::bigint = @lo AND objsubid = 1)
                """);
            command.Parameters.AddWithValue("hi", (long)(uint)(key >> 32));
            command.Parameters.AddWithValue("lo", (long)(uint)key);
            return (bool)(await command.ExecuteScalarAsync(ct))!;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            db.ForgetPooled();
            throw Unavailable(ex);
        }
    }

    /// <summary>Another replica asks to stop a run: this replica's, if it runs it.</summary>
    public void OnAbortRequested(string sessionKey, string? runId)
    {
        if (_running.TryGetValue(AdvisoryKeys.Run(sessionKey), out var run) && (runId is null || runId == run.RunId))
        {
            run.Abort();
        }
    }

    /// <summary>The lock connection failed and these locks could not be taken again: another replica may run those sessions now.</summary>
    public void OnLocksLost(IReadOnlyList<long> keys)
    {
        foreach (var key in keys)
        {
            if (_running.TryRemove(key, out var run))
            {
                Log.LeaseLost(logger, run.RunId, run.SessionKey);
                run.Abort();
            }
        }
    }

    private async Task<string?> ClaimRowAsync(ChatRun run, CancellationToken ct)
    {
        await using var command = db.Source.CreateCommand("""
            WITH old AS (SELECT run_id FROM cairn_runs WHERE session_key = @k)
            INSERT INTO cairn_runs (session_key, run_id, replica_id, kind, started_at) VALUES (@k, @r, @me, @kind, @at)
            ON CONFLICT (session_key) DO UPDATE SET run_id = excluded.run_id, replica_id = excluded.replica_id,
                kind = excluded.kind, started_at = excluded.started_at
            RETURNING (SELECT run_id FROM old)
            """);
        command.Parameters.AddWithValue("k", run.SessionKey);
        command.Parameters.AddWithValue("r", run.RunId);
        command.Parameters.AddWithValue("me", db.ReplicaId);
        command.Parameters.AddWithValue("kind", run.Kind == RunKind.Compaction ? "compaction" : "reply");
        command.Parameters.AddWithValue("at", time.GetUtcNow().ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync(ct) as string;
    }

    private async Task<(string RunId, RunKind Kind)?> HolderAsync(string sessionKey, CancellationToken ct)
    {
        await using var command = db.Source.CreateCommand("SELECT run_id, kind FROM cairn_runs WHERE session_key = @k");
        command.Parameters.AddWithValue("k", sessionKey);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (reader.GetString(0), reader.GetString(1) == "compaction" ? RunKind.Compaction : RunKind.Reply)
            : null;
    }

    private async Task ReleaseLockQuietlyAsync(long key)
    {
        try
        {
            await locks.UnlockAsync(key);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            // The connection failed: PostgreSQL released the lock with it.
            Log.ChoreFailed(logger, db.ReplicaId, "release run lock", ex);
        }
    }

    private static StoreUnavailableException Unavailable(Exception ex) =>
        new(StoreUnavailableException.Unreachable, "PostgreSQL did not answer; the gateway retries by itself once it is back", ex);
}
