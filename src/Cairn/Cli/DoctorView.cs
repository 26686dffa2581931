using System.Globalization;

namespace Cairn.Cli;

/// <summary><c>cairn doctor</c> for people: the facts, the result in colour, SQLite's findings as a table, then what to do.</summary>
internal static class DoctorView
{
    public static void Print(CliOutput output, DoctorReport report)
    {
        var wal = report.WalBytes > 0 ? $" (+ {Size(report.WalBytes)} write-ahead log)" : "";
        var lines = new List<(string Name, string Value)>
        {
            ("Data dir", report.DataDir),
            ("Database", report.SizeBytes > 0 ? $"{report.Database}  {Size(report.SizeBytes)}{wal}" : report.Database),
            ("Schema", report.SchemaVersion is { } v ? $"version {v} (this cairn: {report.ExpectedSchemaVersion})" : "-"),
            ("Gateway", report.GatewayRunning switch
            {
                true => "running (the check reads a snapshot; the gateway keeps serving)",
                false => "not running",
                null => "unknown (the lock file cannot be opened)",
            }),
            ("Check", report.Result == DoctorReport.Unreadable ? "not run"
                : report.Provider == "postgres" ? string.Create(CultureInfo.InvariantCulture, $"PostgreSQL round trip (SELECT 1), {report.Seconds:0.###} s")
                : string.Create(CultureInfo.InvariantCulture, $"PRAGMA {report.Check} (full), {report.Seconds:0.###} s")),
            ("Result", report.Result switch
            {
                DoctorReport.Ok => output.Green("ok") + " — no damage found",
                DoctorReport.Damaged => output.Red($"DAMAGED — {report.Problems.Count} problem{(report.Problems.Count == 1 ? "" : "s")} found"),
                _ => output.Yellow("nothing checked"),
            }),
        };
        foreach (var (name, value) in lines)
        {
            output.Line(output.Bold((name + ":").PadRight(10)) + value);
        }

        if (report.Problems.Count > 0)
        {
            output.Line();
            var rows = report.Problems.Select((p, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), p]).ToList();
            foreach (var line in TextTable.Render(["#", "what SQLite found"], rows, (row, _, text) => row < 0 ? output.Bold(text) : text))
            {
                output.Line("  " + line);
            }
        }

        if (report.Advice.Count == 0)
        {
            return;
        }

        output.Line();
        if (report.Result != DoctorReport.Damaged)
        {
            report.Advice.ToList().ForEach(output.Line);
            return;
        }

        output.Line(output.Bold("What to do:"));
        for (var i = 0; i < report.Advice.Count; i++)
        {
            output.Line($"  {i + 1}. {report.Advice[i]}");
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB"),
        >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => $"{bytes} B",
    };
}
