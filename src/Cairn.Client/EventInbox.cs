namespace Cairn.Client;

/// <summary>
/// Where a connection's events go: to every subscriber as they arrive, and into a bounded buffer from which
/// <see cref="NextAsync"/> takes the first match, so an event that arrives before anyone asks for it is not lost.
/// </summary>
internal sealed class EventInbox(int capacity)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<ServerEvent> _buffer = new();
    private readonly List<Waiter> _waiters = [];
    private Action<ServerEvent>[] _subscribers = [];
    private Exception? _ended;

    public void Publish(ServerEvent evt)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber(evt);
        }

        lock (_gate)
        {
            var waiter = _waiters.Find(w => w.Match(evt));
            if (waiter is not null)
            {
                _waiters.Remove(waiter);
                waiter.Answer.TrySetResult(evt);
                return;
            }

            if (capacity > 0)
            {
                _buffer.AddLast(evt);
                if (_buffer.Count > capacity)
                {
                    _buffer.RemoveFirst();
                }
            }
        }
    }

    /// <summary>The first buffered event that matches, or the next one to arrive; fails once the connection ended.</summary>
    public async Task<ServerEvent> NextAsync(Func<ServerEvent, bool> match, TimeSpan timeout, CancellationToken ct)
    {
        var waiter = new Waiter(match);
        lock (_gate)
        {
            for (var node = _buffer.First; node is not null; node = node.Next)
            {
                if (match(node.Value))
                {
                    _buffer.Remove(node);
                    return node.Value;
                }
            }

            if (_ended is not null)
            {
                throw _ended;
            }

            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Answer.Task.WaitAsync(timeout, ct);
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>The buffered events no one has taken yet, oldest first.</summary>
    public IReadOnlyList<ServerEvent> Pending()
    {
        lock (_gate)
        {
            return [.. _buffer];
        }
    }

    public IDisposable Subscribe(Action<ServerEvent> handler)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, handler];
        }

        return new Subscription(() =>
        {
            lock (_gate)
            {
                _subscribers = [.. _subscribers.Where(s => s != handler)];
            }
        });
    }

    /// <summary>No more events will come: everyone waiting, and everyone who asks later, gets <paramref name="reason"/>.</summary>
    public void End(Exception reason)
    {
        lock (_gate)
        {
            _ended = reason;
            foreach (var waiter in _waiters)
            {
                waiter.Answer.TrySetException(reason);
            }

            _waiters.Clear();
        }
    }

    private sealed class Waiter(Func<ServerEvent, bool> match)
    {
        public Func<ServerEvent, bool> Match => match;

        public TaskCompletionSource<ServerEvent> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
