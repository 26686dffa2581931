using System.Globalization;
using Cairn.Store;

namespace Cairn.Import;

/// <summary>The human-readable report of an OpenClaw import: a table of sessions, then what was skipped and why.</summary>
public static class ImportSummary
{
    private const int MaxCell = 36;

    public static void Write(TextWriter output, OpenClawResult result, string dataDir)
    {
        var source = result.Source;
        output.WriteLine(result.DryRun
            ? $"Dry run: nothing is written. Importing {source.SessionsDir} into {dataDir} would do this:"
            : $"Imported {source.SessionsDir} into {dataDir}:");
        output.WriteLine();
        WriteTable(output, result.Rows);
        output.WriteLine();

        var rows = result.Rows;
        var created = rows.Count(r => r.Action == ImportAction.Created);
        var updated = rows.Count(r => r.Action == ImportAction.Updated);
        var unchanged = rows.Count(r => r.Action == ImportAction.Unchanged);
        output.WriteLine($"{(result.DryRun ? "Would import" : "Imported")} {Count(created + updated, "session")} ({created} new, {updated} updated; " +
            $"{Count(unchanged, "session")} already imported before): {Count(rows.Sum(r => r.MessagesAdded), "message")} in {Count(rows.Sum(r => r.GenerationsAdded), "transcript")}.");

        var s = source.Stats;
        if (s.Skipped > 0)
        {
            output.WriteLine($"Skipped {Count(s.Skipped, "transcript line")}: {Count(s.ToolResults, "tool result")}, " +
                $"{Count(s.OtherEntries, "other entry", "other entries")} (model changes, compactions, labels…), {Count(s.Unparsable, "unreadable line")}, " +
                $"{Count(s.Empty, "message")} without text.");
        }

        if (source.MissingTranscripts > 0)
        {
            output.WriteLine($"{Count(source.MissingTranscripts, "session")} had no transcript file and came without messages.");
        }

        if (source.Unmatched.Count > 0)
        {
            output.WriteLine($"Left out {Count(source.Unmatched.Count, "older transcript")} that no entry of sessions.json leads to: " +
                $"{string.Join(", ", source.Unmatched.Take(5))}{(source.Unmatched.Count > 5 ? ", …" : "")}");
        }
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<ImportedRow> rows)
    {
        string[] header = ["KEY", "FROM", "LABEL", "MESSAGES", "GENERATIONS", "ACTION"];
        var cells = rows.Select(r => new[]
        {
            r.Key, Cut(r.SourceKey), Cut(r.Label), r.MessagesAdded.ToString(CultureInfo.InvariantCulture),
            r.GenerationsAdded.ToString(CultureInfo.InvariantCulture), Describe(r.Action),
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        output.WriteLine(Line(header, widths));
        foreach (var row in cells)
        {
            output.WriteLine(Line(row, widths));
        }

        if (cells.Count == 0)
        {
            output.WriteLine("(no sessions)");
        }
    }

    /// <summary>Text columns left-aligned, the two counts right-aligned.</summary>
    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i is 3 or 4 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();

    private static string Describe(ImportAction action) => action switch
    {
        ImportAction.Created => "new",
        ImportAction.Updated => "updated",
        _ => "already imported",
    };

    private static string Cut(string text) => text.Length <= MaxCell ? text : text[..(MaxCell - 1)] + "…";

    private static string Count(int n, string one, string? many = null) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many ?? one + "s");
}
