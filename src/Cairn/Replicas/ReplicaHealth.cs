namespace Cairn.Replicas;

/// <summary>The state of this replica's two dedicated connections (events, locks), for the log and the health report.</summary>
public sealed class ReplicaHealth
{
    private volatile string? _listenerProblem = "not connected yet";
    private volatile string? _locksProblem;
    private int _reconnects;

    /// <summary>Null while the LISTEN connection is up; else why not.</summary>
    public string? ListenerProblem => _listenerProblem;

    /// <summary>Null while the lock connection is up (or not needed yet); else why not.</summary>
    public string? LocksProblem => _locksProblem;

    /// <summary>How often the LISTEN connection was opened again after a failure.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    public bool Healthy => _listenerProblem is null && _locksProblem is null;

    internal void ListenerUp(bool again)
    {
        _listenerProblem = null;
        if (again)
        {
            Interlocked.Increment(ref _reconnects);
        }
    }

    internal void ListenerDown(string problem) => _listenerProblem = problem;

    internal void LocksUp() => _locksProblem = null;

    internal void LocksDown(string problem) => _locksProblem = problem;
}
