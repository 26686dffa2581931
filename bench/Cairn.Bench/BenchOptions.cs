namespace Cairn.Bench;

/// <summary>What to run: the sizes, how many requests per measurement, and where the gateway is.</summary>
internal sealed record BenchOptions
{
    public IReadOnlyList<int> Sizes { get; init; } = [1_000, 10_000, 100_000];

    public bool Quick { get; init; }

    public string? OutPath { get; init; }

    /// <summary>An already-running gateway to measure instead of starting one (no seeding, RSS or start-up figures).</summary>
    public Uri? Url { get; init; }

    public string? Token { get; init; }

    public int Clients { get; init; } = 16;

    public int MessagesPerSession { get; init; } = 4;

    /// <summary>Requests per read measurement with one client.</summary>
    public int Reads { get; init; } = 1_000;

    /// <summary>Requests per write measurement with one client (writes wait for a durable commit, so fewer).</summary>
    public int Writes { get; init; } = 300;

    public int ChatRuns { get; init; } = 200;

    public int Warmup { get; init; } = 200;

    public bool KeepData { get; init; }

    /// <summary>Every client gets every session's chat events (as before <c>events.subscribe</c>), for comparison.</summary>
    public bool AllChatEvents { get; init; }

    public string CairnDll { get; init; } = Path.Combine(AppContext.BaseDirectory, "cairn.dll");

    public string GatewayLogLevel { get; init; } = "Information";

    public static BenchOptions QuickDefaults(BenchOptions o) => o with
    {
        Sizes = [1_000],
        Reads = 100,
        Writes = 40,
        ChatRuns = 30,
        Warmup = 30,
    };

    /// <summary>Requests in one measurement: many clients get twice as many in total, shared between them.</summary>
    public static int Total(int perMeasurement, int clients) => clients == 1 ? perMeasurement : perMeasurement * 2;
}
