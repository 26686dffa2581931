using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Cairn.Store;

/// <summary>
/// Group commit on SQLite's one writer connection. Each write used to be a transaction of its own, one fsync each,
/// taken one at a time, so with many clients every write waited behind the commits of all the others (issue 20, round
/// eight). Now a write that finds the writer idle runs at once on its caller's thread, alone, exactly as before; writes
/// that arrive while a commit is in flight queue up and run together in the next transaction (up to
/// <see cref="MaxBatch"/>), each inside a savepoint, with one COMMIT and one fsync for all of them. Every caller is
/// answered only after that COMMIT (acknowledged = committed with <c>synchronous=FULL</c>). A write whose func throws is
/// rolled back to its savepoint and fails alone; if the transaction itself is lost (COMMIT fails, or an error aborted
/// it: a full disk, an I/O error, a trigger's RAISE(ROLLBACK)), nothing of the batch is kept and its writes run again one
/// at a time, so each gets exactly the outcome it would have had alone (a write func does nothing but its SQL; see
/// <see cref="CairnDatabase.WriteAsync{T}"/>).
/// </summary>
internal sealed class SqliteWriter(SqliteConnection connection)
{
    /// <summary>The most writes in one transaction, so a burst cannot make one transaction (and its callers' wait) huge.</summary>
    internal const int MaxBatch = 64;

    private const string Savepoint = "SAVEPOINT cairn_write";
    private const string RollbackToSavepoint = "ROLLBACK TO cairn_write";
    private const string ReleaseSavepoint = "RELEASE cairn_write";

    private readonly Queue<PendingWrite> _queue = new();
    private readonly List<PendingWrite> _batch = new(MaxBatch);
    private readonly Exception?[] _failures = new Exception?[MaxBatch];
    private bool _draining;

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> write, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(ct);
        }

        var pending = new PendingWrite<T>(write, ct);
        bool lead;
        lock (_queue)
        {
            _queue.Enqueue(pending);
            lead = !_draining;
            _draining = true;
        }

        if (lead)
        {
            // The writer was idle: this caller runs what is queued (its own write, alone unless others just came), then
            // hands any later arrivals to the thread pool rather than making its own caller wait for them.
            RunNextBatch();
            if (!StopIfIdle())
            {
                ThreadPool.UnsafeQueueUserWorkItem(static writer => writer.Drain(), this, preferLocal: false);
            }
        }

        return pending.Task;
    }

    private void Drain()
    {
        do
        {
            RunNextBatch();
        }
        while (!StopIfIdle());
    }

    /// <summary>True (and the writer marked idle) when nothing is queued; the next write then leads again.</summary>
    private bool StopIfIdle()
    {
        lock (_queue)
        {
            if (_queue.Count > 0)
            {
                return false;
            }

            _draining = false;
            return true;
        }
    }

    private void RunNextBatch()
    {
        _batch.Clear();
        lock (_queue)
        {
            while (_batch.Count < MaxBatch && _queue.TryDequeue(out var next))
            {
                if (next.TryStart())
                {
                    _batch.Add(next);
                }
            }
        }

        try
        {
            if (_batch.Count == 1 || (_batch.Count > 1 && !TryRunTogether()))
            {
                foreach (var write in _batch)
                {
                    RunAlone(write);
                }
            }
        }
        catch (Exception unexpected)
        {
            // Nothing above should throw (each outcome goes to its caller), but a caller must never be left waiting.
            foreach (var write in _batch)
            {
                write.Fail(unexpected);
            }
        }
    }

    /// <summary>The write as its own transaction: what every write was before group commit.</summary>
    private void RunAlone(PendingWrite write)
    {
        try
        {
            using (var tx = connection.BeginTransaction())
            {
                write.Run(connection, tx);
                tx.Commit();
            }

            write.Succeed();
        }
        catch (SqliteException ex) when (StoreUnavailableException.From(ex) is { } named)
        {
            write.Fail(named);
        }
        catch (Exception ex)
        {
            write.Fail(ex);
        }
    }

    /// <summary>
    /// The batch in one transaction, each write in a savepoint; false when the transaction was lost (then nothing of it
    /// was kept and no caller has been answered).
    /// </summary>
    private bool TryRunTogether()
    {
        var failures = _failures.AsSpan(0, _batch.Count);
        failures.Clear();
        try
        {
            using (var tx = connection.BeginTransaction())
            {
                for (var i = 0; i < _batch.Count; i++)
                {
                    failures[i] = RunInSavepoint(_batch[i], tx);
                }

                tx.Commit();
            }
        }
        catch (Exception)
        {
            // COMMIT failed or the transaction was aborted under a write: the rollback (the dispose above) undid all of it.
            return false;
        }

        for (var i = 0; i < _batch.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                _batch[i].Fail(failure);
            }
            else
            {
                _batch[i].Succeed();
            }
        }

        return true;
    }

    /// <summary>
    /// Runs one write of a batch; its own failure (a constraint, bad input, a domain error) is rolled back to its
    /// savepoint and returned. Throws when the transaction cannot go on: it is no longer open, or the error is one
    /// SQLite may have rolled the transaction back for.
    /// </summary>
    private Exception? RunInSavepoint(PendingWrite write, SqliteTransaction tx)
    {
        Exec(Savepoint, tx);
        Exception? failure = null;
        try
        {
            write.Run(connection, tx);
        }
        catch (Exception ex) when (!Aborts(ex))
        {
            failure = ex;
        }

        if (!InTransaction())
        {
            throw new InvalidOperationException("A write ended its batch's transaction.", failure);
        }

        if (failure is not null)
        {
            Exec(RollbackToSavepoint, tx);
        }

        Exec(ReleaseSavepoint, tx);
        return failure;
    }

    /// <summary>
    /// Whether an error leaves the batch's transaction unusable: the transaction is gone (a trigger's RAISE(ROLLBACK)),
    /// or SQLite reported something other than an error of the statement alone (a full disk, I/O, busy, no memory,
    /// corruption...), after which it may have rolled back on its own.
    /// </summary>
    private bool Aborts(Exception ex) => !InTransaction() || ex is SqliteException sqlite && !StatementOnly(sqlite.SqliteErrorCode);

    /// <summary>SQLITE_ERROR, SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH, SQLITE_RANGE: the statement failed, the transaction stays.</summary>
    private static bool StatementOnly(int code) => code is raw.SQLITE_ERROR or raw.SQLITE_TOOBIG or raw.SQLITE_CONSTRAINT
        or raw.SQLITE_MISMATCH or raw.SQLITE_RANGE;

    private bool InTransaction() => connection.Handle is { } handle && raw.sqlite3_get_autocommit(handle) == 0;

    private void Exec(string sql, SqliteTransaction tx)
    {
        using var command = connection.Command(sql, tx);
        command.ExecuteNonQuery();
    }
}
