namespace Cairn.Bench;

/// <summary>One measured cell: an operation on a transport with some clients, its latency percentiles and throughput.</summary>
internal sealed record LatencyStats(
    string Operation,
    string Transport,
    int Clients,
    int Count,
    int Errors,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double MeanMs,
    double PerSecond,
    string? Note = null)
{
    /// <summary>Nearest-rank percentiles of <paramref name="samplesMs"/>; throughput is samples per wall-clock second.</summary>
    public static LatencyStats From(string operation, string transport, int clients, List<double> samplesMs, int errors, TimeSpan wall, string? note = null)
    {
        samplesMs.Sort();
        double At(double p) => samplesMs.Count == 0 ? 0 : samplesMs[Math.Clamp((int)Math.Ceiling(p * samplesMs.Count) - 1, 0, samplesMs.Count - 1)];
        return new LatencyStats(operation, transport, clients, samplesMs.Count, errors,
            Round(At(0.50)), Round(At(0.90)), Round(At(0.99)), Round(samplesMs.Count == 0 ? 0 : samplesMs[^1]),
            Round(samplesMs.Count == 0 ? 0 : samplesMs.Average()),
            Math.Round(wall.TotalSeconds <= 0 ? 0 : samplesMs.Count / wall.TotalSeconds, 1), note);
    }

    private static double Round(double ms) => Math.Round(ms, 3);
}
