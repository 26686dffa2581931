using System.Globalization;
using System.Text.Json;

namespace Cairn.Bench;

/// <summary>The readable tables of a run (one per size) and its JSON file.</summary>
internal static class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void WriteTables(TextWriter output, BenchReport report)
    {
        var m = report.Machine;
        output.WriteLine();
        output.WriteLine($"Machine: {m.Cores} cores, {m.Cpu}, {m.Memory} RAM; {m.Os}; {m.Runtime}; SQLite {m.SqliteVersion}");
        output.WriteLine($"Load average before: {m.LoadBefore}; after: {m.LoadAfter}");
        foreach (var size in report.Sizes)
        {
            output.WriteLine();
            if (size.Sessions > 0)
            {
                output.WriteLine(Invariant($"N = {size.Sessions:N0} sessions: start-up to ready {size.StartupMs:0} ms (first), {size.RestartMs:0} ms (restart)"));
                if (size.IntegrityCheckMs is { } check)
                {
                    output.WriteLine(Invariant($"  start-up integrity check {check:0} ms (quick_check, in the background after ready; not in the start-up time)"));
                }

                output.WriteLine(Invariant($"  gateway RSS {size.RssAfterStartKb / 1024.0:0} MiB after start, {size.RssAfterRunKb / 1024.0:0} MiB after the run (peak {size.PeakRssKb / 1024.0:0} MiB)"));
                output.WriteLine(Invariant($"  data dir {size.DataDirBytes / 1048576.0:0.0} MiB = {size.BytesPer1000Sessions / 1024.0:0} KiB per 1,000 sessions"));
            }

            output.WriteLine(Invariant($"| {"operation",-30} | {"transport",-9} | {"clients",7} | {"p50 ms",8} | {"p90 ms",8} | {"p99 ms",8} | {"max ms",8} | {"per s",8} |"));
            output.WriteLine($"|{new string('-', 32)}|{new string('-', 11)}|{new string('-', 8)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|");
            foreach (var s in size.Results)
            {
                var name = s.Errors > 0 ? $"{s.Operation} ({s.Errors} errors)" : s.Operation;
                output.WriteLine(Invariant($"| {name,-30} | {s.Transport,-9} | {s.Clients,7} | {s.P50Ms,8:0.000} | {s.P90Ms,8:0.000} | {s.P99Ms,8:0.000} | {s.MaxMs,8:0.00} | {s.PerSecond,8:0} |"));
            }

            foreach (var s in size.Results.Where(r => r.Note is not null))
            {
                output.WriteLine($"  {s.Operation}, {s.Clients} client(s): {s.Note}");
            }
        }

        if (report.Errors.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Errors (first few):");
            foreach (var error in report.Errors.Take(10))
            {
                output.WriteLine($"  {error}");
            }
        }
    }

    public static async Task WriteJsonAsync(string path, BenchReport report)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, report, JsonOptions);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
