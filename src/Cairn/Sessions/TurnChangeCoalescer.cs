namespace Cairn.Sessions;

/// <summary>
/// Folds the "counters moved" change of chat turns into at most one <c>sessions.changed</c> per session per window
/// (<c>gateway.limits.turnUpdateMs</c>): the first turn after a quiet window is announced at once, the turns that
/// end inside the window are announced once when it closes, with the session as it is then. Every client gets
/// every list change, so without this each turn of a fast conversation costs one send to every connected client.
/// Creates, renames, deletes and the other verbs are never delayed: only <see cref="SessionService.Touched"/> comes here.
/// </summary>
public sealed class TurnChangeCoalescer(TimeProvider time, TimeSpan window) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Slot> _open = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Announces now, or once when the session's open window closes; <paramref name="announce"/> reads the session when it runs.</summary>
    public void Touch(string key, Action<string> announce)
    {
        if (window <= TimeSpan.Zero)
        {
            announce(key);
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_open.TryGetValue(key, out var slot))
            {
                slot.Pending = announce;
                return;
            }

            slot = new Slot();
            _open[key] = slot;
            slot.Timer = time.CreateTimer(static state => ((Closing)state!).Run(), new Closing(this, key), window, Timeout.InfiniteTimeSpan);
        }

        announce(key);
    }

    /// <summary>Sessions with an open window (for tests and metrics).</summary>
    public int OpenWindows
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var slot in _open.Values)
            {
                slot.Timer?.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>The window of <paramref name="key"/> closed: announce what came in it and keep the window open one more round, else close it.</summary>
    private void Close(string key)
    {
        Action<string>? announce;
        lock (_gate)
        {
            if (_disposed || !_open.TryGetValue(key, out var slot))
            {
                return;
            }

            announce = slot.Pending;
            slot.Pending = null;
            if (announce is null)
            {
                slot.Timer?.Dispose();
                _open.Remove(key);
                return;
            }

            slot.Timer?.Change(window, Timeout.InfiniteTimeSpan);
        }

        announce(key);
    }

    private sealed class Slot
    {
        public ITimer? Timer { get; set; }

        public Action<string>? Pending { get; set; }
    }

    private sealed record Closing(TurnChangeCoalescer Owner, string Key)
    {
        public void Run() => Owner.Close(Key);
    }
}
