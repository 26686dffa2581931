using Npgsql;

namespace Cairn.Replicas;

/// <summary>
/// The leader's chore for runs whose replica died: a <c>cairn_runs</c> row of another replica whose lease lock nobody
/// holds. The reaper takes the lock (so no send starts meanwhile), deletes the row, ends the run
/// (<see cref="OrphanedRuns"/>) and gives the lock back: within one leader tick of the death, clients see the run ended
/// and a new <c>chat.send</c> works (it works at once anyway: a send that finds the lock free ends the orphan itself).
/// </summary>
public sealed class RunReaper(ReplicaDatabase db, AdvisoryLocks locks, OrphanedRuns orphans, ILogger<RunReaper> logger)
{
    /// <summary>Ends the orphaned runs found now; returns their run ids.</summary>
    public async Task<IReadOnlyList<string>> ReapAsync(CancellationToken ct)
    {
        var ended = new List<string>();
        try
        {
            foreach (var (sessionKey, runId) in await OtherReplicasRunsAsync(ct))
            {
                var key = AdvisoryKeys.Run(sessionKey);
                if (!await locks.TryLockAsync(key, ct, reentrant: false))
                {
                    continue;
                }

                try
                {
                    if (await DeleteRowAsync(sessionKey, runId, ct))
                    {
                        await orphans.EndAsync(sessionKey, runId, ct);
                        ended.Add(runId);
                    }
                }
                finally
                {
                    await locks.UnlockAsync(key);
                }
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or Store.StoreUnavailableException)
        {
            Log.ChoreFailed(logger, db.ReplicaId, "orphaned runs", ex);
        }

        return ended;
    }

    private async Task<List<(string SessionKey, string RunId)>> OtherReplicasRunsAsync(CancellationToken ct)
    {
        await using var command = db.Source.CreateCommand("SELECT session_key, run_id FROM cairn_runs WHERE replica_id <> @me");
        command.Parameters.AddWithValue("me", db.ReplicaId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    private async Task<bool> DeleteRowAsync(string sessionKey, string runId, CancellationToken ct)
    {
        await using var command = db.Source.CreateCommand("DELETE FROM cairn_runs WHERE session_key = @k AND run_id = @r");
        command.Parameters.AddWithValue("k", sessionKey);
        command.Parameters.AddWithValue("r", runId);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }
}
