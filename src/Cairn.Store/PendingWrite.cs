using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Cairn.Store;

/// <summary>
/// A write waiting in <see cref="SqliteWriter"/>'s queue: its func, and the task its caller awaits. A caller that gives
/// up (its token cancelled) before the write started is answered at once and the write is dropped; once started it runs
/// to its end and its caller gets the outcome. The task completes on the thread pool, never on the writer's thread.
/// </summary>
internal abstract class PendingWrite
{
    private const int Waiting = 0;
    private const int Started = 1;
    private const int Dropped = 2;

    private int _state;
    private CancellationTokenRegistration _cancel;

    /// <summary>Lets the caller's token drop the write while it waits (call once, after construction).</summary>
    protected void Watch(CancellationToken ct)
    {
        if (ct.CanBeCanceled)
        {
            _cancel = ct.UnsafeRegister(static (state, token) => ((PendingWrite)state!).Drop(token), this);
        }
    }

    /// <summary>Marks the write as started; false when its caller already gave up (the write is then not run).</summary>
    public bool TryStart()
    {
        if (Interlocked.CompareExchange(ref _state, Started, Waiting) != Waiting)
        {
            return false;
        }

        _cancel.Unregister();
        return true;
    }

    /// <summary>Runs the func on the writer in <paramref name="tx"/>, keeping its result for <see cref="Succeed"/>.</summary>
    public abstract void Run(SqliteConnection connection, SqliteTransaction tx);

    /// <summary>Answers the caller with the kept result: called only after the transaction that ran it committed.</summary>
    public abstract void Succeed();

    public abstract void Fail(Exception error);

    protected abstract void Cancel(CancellationToken ct);

    private void Drop(CancellationToken ct)
    {
        if (Interlocked.CompareExchange(ref _state, Dropped, Waiting) == Waiting)
        {
            Cancel(ct);
        }
    }
}

/// <inheritdoc cref="PendingWrite"/>
internal sealed class PendingWrite<T> : PendingWrite
{
    private readonly Func<DbConnection, DbTransaction, T> _write;
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public PendingWrite(Func<DbConnection, DbTransaction, T> write, CancellationToken ct)
    {
        _write = write;
        Watch(ct);
    }

    public Task<T> Task => _done.Task;

    public override void Run(SqliteConnection connection, SqliteTransaction tx) => _result = _write(connection, tx);

    public override void Succeed() => _done.TrySetResult(_result!);

    public override void Fail(Exception error) => _done.TrySetException(error);

    protected override void Cancel(CancellationToken ct) => _done.TrySetCanceled(ct);
}
