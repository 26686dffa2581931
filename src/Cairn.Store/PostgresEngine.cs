using System.Data;
using System.Data.Common;
using Npgsql;

namespace Cairn.Store;

/// <summary>
/// A PostgreSQL database through one pooled <see cref="NpgsqlDataSource"/>. Writes take turns across the whole fleet,
/// as on SQLite: each holds the fleet's write lock (a session advisory lock taken before its transaction begins, so
/// its snapshot already sees the previous writer's commit) and is a SERIALIZABLE transaction, so a store's
/// read-then-write (a free label, the next seq of a transcript, a counter, a rev) commits as if it ran alone. Without
/// the lock, replicas' creates all bumped the same counter rows and lost to each other until they gave up
/// (docs/decisions.md, "Writes take turns across replicas"); a serialization failure that still happens (against a
/// reader) is run again from the start. A server that is down or refuses is a <see cref="StoreUnavailableException"/>;
/// the pool reconnects by itself once it is back.
/// </summary>
internal sealed class PostgresEngine : IStoreEngine
{
    /// <summary>Tries of a write that keeps losing to concurrent writers before it gives up as unavailable.</summary>
    internal const int MaxAttempts = 12;

    /// <summary>The advisory-lock key of migrations (any fixed number; "cairn" in ASCII).</summary>
    private const long MigrationLock = 0x636169726e;

    /// <summary>The advisory-lock key every write of the fleet holds ("cairnw" in ASCII).</summary>
    internal const long WriteLock = 0x636169726e77;

    private readonly NpgsqlDataSource _source;

    /// <summary>
    /// One write at a time from this process: its writes queue here, in memory, rather than on the fleet's write lock,
    /// so a replica holds at most one pooled connection waiting for that lock.
    /// </summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public PostgresEngine(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new StoreUnavailableException(StoreUnavailableException.Unreachable, $"the PostgreSQL connection string is not valid ({ex.Message})", ex);
        }

        _source = NpgsqlDataSource.Create(builder);
    }

    public SqlDialect Dialect => SqlDialect.Postgres;

    /// <summary>A read; a server that is down or drops the connection midway is a <see cref="StoreUnavailableException"/>.</summary>
    public T Read<T>(Func<DbConnection, T> read) => Guard(() =>
    {
        using var connection = _source.OpenConnection();
        return read(connection);
    });

    public T ReadSnapshot<T>(Func<DbConnection, DbTransaction, T> read) => Guard(() =>
    {
        using var connection = _source.OpenConnection();
        using var tx = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        return read(connection, tx);
    });

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> write, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            return await WriteRetryingAsync(write, ct);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<T> WriteRetryingAsync<T>(Func<DbConnection, DbTransaction, T> write, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _source.OpenConnectionAsync(ct);
                await TakeWriteLockAsync(connection, ct);
                try
                {
                    await using var tx = await connection.BeginTransactionAsync(IsolationLevel.Serializable, ct);
                    var result = write(connection, tx);
                    // Once the write ran, the commit is not cancelled: a caller that went away must not leave its outcome unknown.
                    await tx.CommitAsync(CancellationToken.None);
                    return result;
                }
                finally
                {
                    await ReleaseWriteLockAsync(connection);
                }
            }
            catch (PostgresException ex) when (IsConflict(ex) && attempt < MaxAttempts)
            {
                // Lost to a concurrent writer: wait a little (more each time, with jitter) and run the write again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 << Math.Min(attempt, 6))), ct);
            }
            catch (PostgresException ex) when (IsConflict(ex))
            {
                throw new StoreUnavailableException(StoreUnavailableException.Contended,
                    $"the write lost to concurrent writers {MaxAttempts} times in a row; try again", ex);
            }
            catch (PostgresException ex) when (IsNul(ex))
            {
                throw new StoreInputException(ex);
            }
            catch (NpgsqlException ex) when (StoreUnavailableException.From(ex) is { } named)
            {
                throw named;
            }
        }
    }

    /// <summary>
    /// Waits for the fleet's write lock on <paramref name="connection"/>, outside any transaction: the transaction that
    /// follows takes its snapshot after the previous holder committed, so writers never see each other as concurrent.
    /// A process that dies while holding it loses its connection, and the server frees the lock with it.
    /// </summary>
    private static async Task TakeWriteLockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({WriteLock})", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task ReleaseWriteLockAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != ConnectionState.Open)
        {
            return; // A broken connection is discarded by the pool, and its session's locks end with it on the server.
        }

        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({WriteLock})", connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // Not released: no connection of this pool may go back to it still holding the lock, so all are closed
            // when returned (the server frees a closed session's locks). The write's own outcome stands.
            NpgsqlConnection.ClearPool(connection);
        }
    }

    public int SchemaVersion() => Guard(() =>
    {
        using var connection = _source.OpenConnection();
        using var command = connection.Command("SELECT COALESCE(MAX(version), 0) FROM cairn_schema");
        try
        {
            return (int)command.ScalarInt64();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    });

    /// <summary>
    /// Applies the steps of <see cref="PostgresMigrations"/> the database lacks, each in its own transaction with its row
    /// in <c>cairn_schema</c>, under a session advisory lock: a second replica starting at the same time waits, then
    /// finds them applied.
    /// </summary>
    public void Migrate(int? target) => Guard(() =>
    {
        using var connection = _source.OpenConnection();
        Exec(connection, null, $"SELECT pg_advisory_lock({MigrationLock})");
        try
        {
            Exec(connection, null, "CREATE TABLE IF NOT EXISTS cairn_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
            using var current = connection.Command("SELECT COALESCE(MAX(version), 0) FROM cairn_schema");
            for (var version = (int)current.ScalarInt64(); version < (target ?? PostgresMigrations.Latest); version++)
            {
                using var tx = connection.BeginTransaction();
                Exec(connection, tx, PostgresMigrations.Steps[version]);
                using var record = connection.Command("INSERT INTO cairn_schema (version, applied_at) VALUES (@v, @now)", tx)
                    .With("@v", version + 1).With("@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                record.ExecuteNonQuery();
                tx.Commit();
            }
        }
        finally
        {
            Exec(connection, null, $"SELECT pg_advisory_unlock({MigrationLock})");
        }

        return 0;
    });

    public void Dispose()
    {
        _source.Dispose();
        _writeGate.Dispose();
    }

    /// <summary>Text with U+0000, which PostgreSQL's text type cannot hold ("invalid byte sequence for encoding UTF8: 0x00").</summary>
    private static bool IsNul(PostgresException ex) => ex.SqlState == PostgresErrorCodes.CharacterNotInRepertoire;

    /// <summary>A serialization failure or a deadlock: the transaction lost to a concurrent one and may simply run again.</summary>
    internal static bool IsConflict(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (PostgresException ex) when (IsNul(ex))
        {
            throw new StoreInputException(ex);
        }
        catch (NpgsqlException ex) when (StoreUnavailableException.From(ex) is { } named)
        {
            throw named;
        }
    }

    private static void Exec(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql)
    {
        using var command = connection.Command(sql, tx);
        command.ExecuteNonQuery();
    }
}
