namespace Cairn.Cli;

/// <summary>
/// What <c>cairn doctor</c> found, as <c>--json</c> prints it. <c>Result</c> is <c>ok</c>, <c>damaged</c> or
/// <c>unreadable</c> (no database, or one this user cannot open); <c>Advice</c> is what to do (the restore steps after
/// damage); <c>GatewayRunning</c> is null when it could not be told.
/// </summary>
public sealed record DoctorReport(
    string DataDir,
    string Database,
    long SizeBytes,
    long WalBytes,
    int? SchemaVersion,
    int ExpectedSchemaVersion,
    bool? GatewayRunning,
    string Check,
    string Result,
    IReadOnlyList<string> Problems,
    double Seconds,
    IReadOnlyList<string> Advice)
{
    public const string Ok = "ok";
    public const string Damaged = "damaged";
    public const string Unreadable = "unreadable";

    /// <summary>The store's database: <c>sqlite</c> (the file of the data dir) or <c>postgres</c> (<c>store.connectionString</c>).</summary>
    public string Provider { get; init; } = "sqlite";
}
