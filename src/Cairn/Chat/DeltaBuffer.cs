using System.Text;

namespace Cairn.Chat;

/// <summary>
/// Coalesces a run's streamed text into <c>chat</c> delta events: the first delta goes out at once (the first token
/// is what people wait for), later ones are gathered until <see cref="Interval"/> has passed since the last event
/// or <see cref="MaxChars"/> are waiting. A model that streams thousands of tiny deltas a second then makes a few
/// dozen events, not thousands, so no reading client falls behind. Held text never waits for the next delta: the run
/// loop publishes it once <see cref="Due"/> has passed even while the model pauses. What is held when the run ends
/// goes out as one last delta before the final event (which carries the whole text anyway).
/// </summary>
public sealed class DeltaBuffer(TimeProvider time)
{
    public const int MaxChars = 4096;

    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly StringBuilder _pending = new();
    private long _lastSent;
    private bool _sentAny;

    /// <summary>Adds streamed text; returns what to publish now, or null to hold it for a while.</summary>
    public string? Add(string delta)
    {
        _pending.Append(delta);
        return _sentAny && _pending.Length < MaxChars && time.GetElapsedTime(_lastSent) < Interval ? null : Take();
    }

    /// <summary>True while text is held.</summary>
    public bool HasPending => _pending.Length > 0;

    /// <summary>How long held text may still wait before it must go out (zero when it is due now).</summary>
    public TimeSpan Due
    {
        get
        {
            var left = Interval - time.GetElapsedTime(_lastSent);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>What is still held, or null.</summary>
    public string? Flush() => _pending.Length == 0 ? null : Take();

    /// <summary>Forgets held text (a failed attempt that is retried).</summary>
    public void Clear() => _pending.Clear();

    private string Take()
    {
        _sentAny = true;
        _lastSent = time.GetTimestamp();
        var text = _pending.ToString();
        _pending.Clear();
        return text;
    }
}
