using Npgsql;

namespace Cairn.Replicas;

/// <summary>
/// This replica's session-level advisory locks, all held on one dedicated connection: the run leases and the leader
/// lock. PostgreSQL releases them when the connection ends, so a replica that dies frees them: at once when its process
/// is killed (its kernel closes the socket), within the TCP keepalive bound (<see cref="ReplicaDatabase.KeepaliveOptions"/>)
/// when its host or network goes. Commands on the connection take turns. When the connection fails, the locks it held
/// are gone (<see cref="Lost"/> is told which); the next call opens a new connection.
/// </summary>
public sealed class AdvisoryLocks(ReplicaDatabase db, ReplicaHealth health, ILogger<AdvisoryLocks> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly HashSet<long> _held = [];
    private NpgsqlConnection? _connection;

    /// <summary>Called (outside the connection's turn) with the locks that went with a failed connection.</summary>
    public Action<IReadOnlyList<long>> Lost { get; set; } = _ => { };

    /// <summary>
    /// Takes the lock if no other connection holds it; false when one does. A lock this replica holds already is granted
    /// again, unless <paramref name="reentrant"/> is false (then: false, someone here holds it).
    /// </summary>
    public Task<bool> TryLockAsync(long key, CancellationToken ct, bool reentrant = true) => WithConnectionAsync(async c =>
    {
        if (Holds(key))
        {
            return reentrant;
        }

        var locked = await TryLockOnAsync(c, key, ct);
        if (locked)
        {
            lock (_held)
            {
                _held.Add(key);
            }
        }

        return locked;
    }, ct);

    public Task UnlockAsync(long key) => WithConnectionAsync(async c =>
    {
        bool removed;
        lock (_held)
        {
            removed = _held.Remove(key);
        }

        if (removed)
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", c);
            command.Parameters.AddWithValue("k", key);
            await command.ExecuteScalarAsync(CancellationToken.None);
        }

        return true;
    }, CancellationToken.None);

    /// <summary>Whether some connection (another replica's) holds the lock now: taken and given back at once when free.</summary>
    public Task<bool> IsHeldElsewhereAsync(long key, CancellationToken ct) => WithConnectionAsync(async c =>
    {
        if (Holds(key))
        {
            return false;
        }

        if (!await TryLockOnAsync(c, key, ct))
        {
            return true;
        }

        await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", c);
        unlock.Parameters.AddWithValue("k", key);
        await unlock.ExecuteScalarAsync(CancellationToken.None);
        return false;
    }, ct);

    /// <summary>Whether this replica holds the lock (as far as it knows: a failed connection is noticed by the next call).</summary>
    public bool Holds(long key)
    {
        lock (_held)
        {
            return _held.Contains(key);
        }
    }

    /// <summary>A round trip on the connection, so a dropped one is noticed (and its locks reported lost) without waiting for a caller.</summary>
    public Task PingAsync(CancellationToken ct) => WithConnectionAsync(async c =>
    {
        await using var command = new NpgsqlCommand("SELECT 1", c);
        await command.ExecuteScalarAsync(ct);
        return true;
    }, ct);

    private static async Task<bool> TryLockOnAsync(NpgsqlConnection c, long key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@k)", c);
        command.Parameters.AddWithValue("k", key);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<T> WithConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        IReadOnlyList<long> lost = [];
        await _turn.WaitAsync(ct);
        try
        {
            try
            {
                _connection ??= await db.Dedicated.OpenConnectionAsync(ct);
                var result = await work(_connection);
                health.LocksUp();
                return result;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                lost = await ReopenAsync(ex);
                throw;
            }
        }
        finally
        {
            _turn.Release();
            if (lost.Count > 0)
            {
                Lost(lost);
            }
        }
    }

    /// <summary>
    /// After a failure: every lock the connection held is lost, even if no one took it meanwhile, because no one can say
    /// whether another replica held it in between (a run of another replica may have started and ended in that session).
    /// The next call opens a new connection.
    /// </summary>
    private async Task<IReadOnlyList<long>> ReopenAsync(Exception failure)
    {
        health.LocksDown(failure.Message);
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        long[] lost;
        lock (_held)
        {
            lost = [.. _held];
            _held.Clear();
        }

        if (lost.Length > 0)
        {
            Log.LocksLost(logger, db.ReplicaId, lost.Length, failure);
        }

        return lost;
    }

    public async ValueTask DisposeAsync()
    {
        await _turn.WaitAsync();
        try
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }
        finally
        {
            _turn.Release();
        }
    }
}
