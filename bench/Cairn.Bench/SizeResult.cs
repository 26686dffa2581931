namespace Cairn.Bench;

/// <summary>Everything measured at one number of sessions.</summary>
internal sealed record SizeResult(
    int Sessions,
    double SeedSeconds,
    double StartupMs,
    double RestartMs,
    long RssAfterStartKb,
    long RssAfterRunKb,
    long PeakRssKb,
    long DataDirBytes,
    long BytesPer1000Sessions,
    IReadOnlyList<LatencyStats> Results)
{
    /// <summary>The start-up integrity check's run time (after ready, in the background); null when it did not run.</summary>
    public double? IntegrityCheckMs { get; init; }
}

/// <summary>The machine a run happened on, and how busy it was.</summary>
internal sealed record MachineInfo(
    int Cores,
    string Cpu,
    string Memory,
    string Os,
    string Runtime,
    string SqliteVersion,
    string LoadBefore,
    string LoadAfter);

/// <summary>The JSON file of a run.</summary>
internal sealed record BenchReport(
    string StartedAt,
    string Command,
    MachineInfo Machine,
    BenchOptions Options,
    IReadOnlyList<SizeResult> Sizes,
    IReadOnlyList<string> Errors);
