using System.Collections.Concurrent;
using System.Text;

namespace Cairn.Observability;

/// <summary>
/// Writes formatted log lines to the console from a thread of its own, in batches: a logging call only queues its
/// line (no lock, and no wake-up while the writer is busy), and the writer wakes at most once per
/// <see cref="BatchWindow"/> to write everything queued in one call per stream. ASP.NET Core's console logger wakes its
/// thread through a monitor for every line and writes each line on its own; with one line per request that cost the
/// gateway about a third of a <c>sessions.list</c>'s CPU (issue 20, docs/performance.md). At most
/// <see cref="MaxQueued"/> lines wait; a caller beyond that waits for room, as the console logger's queue makes it wait.
/// Disposing writes what is still queued.
/// </summary>
public sealed class LogLineWriter : IDisposable
{
    public const int MaxQueued = 10_000;

    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(2);

    private readonly ConcurrentQueue<(string Text, bool ToError)> _queue = new();
    // No spinning: the writer is in no hurry, and a spinning wait takes CPU from requests on a small machine.
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly Func<TextWriter> _out;
    private readonly Func<TextWriter> _error;
    private readonly Thread _thread;
    private readonly StringBuilder _outBatch = new();
    private readonly StringBuilder _errorBatch = new();
    private int _queued;
    private int _sleeping;
    private volatile bool _stopping;

    /// <param name="output">The stream for ordinary lines, asked for at every batch (so <c>Console.SetOut</c> is followed).</param>
    /// <param name="error">The stream for lines at or above the error threshold.</param>
    public LogLineWriter(Func<TextWriter> output, Func<TextWriter> error)
    {
        _out = output;
        _error = error;
        _thread = new Thread(Run) { IsBackground = true, Name = "Cairn log writer" };
        _thread.Start();
    }

    public static LogLineWriter ForConsole() => new(() => Console.Out, () => Console.Error);

    /// <summary>Queues one formatted line (with its line break); returns at once unless <see cref="MaxQueued"/> lines already wait.</summary>
    public void Enqueue(string text, bool toError)
    {
        if (_stopping)
        {
            Write(text, toError);
            return;
        }

        _queue.Enqueue((text, toError));
        if (Interlocked.Increment(ref _queued) > MaxQueued)
        {
            WaitForRoom();
        }

        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
        {
            _wake.Set();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread.Join(TimeSpan.FromSeconds(2));
        Drain();
    }

    private void Run()
    {
        while (!_stopping)
        {
            Drain();
            Volatile.Write(ref _sleeping, 1);
            if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
            {
                continue;
            }

            // Asleep (or a caller has just taken the flag and is releasing us): wait for the wake-up, then let a batch gather.
            _wake.Wait();
            _wake.Reset();
            if (!_stopping)
            {
                Thread.Sleep(BatchWindow);
            }
        }
    }

    private void Drain()
    {
        lock (_outBatch)
        {
            var taken = 0;
            while (_queue.TryDequeue(out var line))
            {
                (line.ToError ? _errorBatch : _outBatch).Append(line.Text);
                taken++;
            }

            if (taken == 0)
            {
                return;
            }

            Flush(_outBatch, toError: false);
            Flush(_errorBatch, toError: true);
            Interlocked.Add(ref _queued, -taken);
        }
    }

    private void Flush(StringBuilder batch, bool toError)
    {
        if (batch.Length == 0)
        {
            return;
        }

        Write(batch.ToString(), toError);
        batch.Clear();
        if (batch.Capacity > 64 * 1024)
        {
            batch.Capacity = 64 * 1024;
        }
    }

    private void Write(string text, bool toError)
    {
        try
        {
            var writer = toError ? _error() : _out();
            writer.Write(text);
            writer.Flush();
        }
        catch (IOException)
        {
            // A closed stdout (the terminal went away) must not stop the gateway; the console logger drops such lines too.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>The rare full queue (stdout blocked, or a flood): the caller waits, polling, until the writer has made room.</summary>
    private void WaitForRoom()
    {
        while (Volatile.Read(ref _queued) > MaxQueued && !_stopping)
        {
            if (Volatile.Read(ref _sleeping) == 1 && Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
            {
                _wake.Set();
            }

            Thread.Sleep(1);
        }
    }
}
