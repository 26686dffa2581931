namespace Cairn.Bench;

/// <summary>What the streaming chat clients measured, collected from all of them.</summary>
internal sealed class StreamSamples
{
    private readonly List<double> _first = [];
    private readonly List<double> _final = [];
    private readonly List<double> _gaps = [];
    private int _errors;

    public void Add(double firstMs, double finalMs, List<double> gapsMs)
    {
        lock (_first)
        {
            _first.Add(firstMs);
            _final.Add(finalMs);
            _gaps.AddRange(gapsMs);
        }
    }

    public void Failed() => Interlocked.Increment(ref _errors);

    /// <summary>Rows for the first delta, the final, and the gaps between deltas (whose rate is deltas per client per second).</summary>
    public LatencyStats[] Summarise(int clients, TimeSpan wall, double deltasPerClientPerSecond, string note) =>
    [
        LatencyStats.From("chat.send → first delta", "ws", clients, _first, _errors, wall),
        LatencyStats.From("chat.send → final", "ws", clients, _final, _errors, wall),
        LatencyStats.From("chat delta gap", "ws", clients, _gaps, _errors, wall, note) with { PerSecond = Math.Round(deltasPerClientPerSecond, 1) },
    ];
}
