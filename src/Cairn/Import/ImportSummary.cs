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
        var verb = result.DryRun ? "Would import" : "Imported";
        output.WriteLine(Invariant($"{verb} {rows.Count} sessions ({created} new, {updated} updated, {unchanged} already imported): ")
            + Invariant($"{rows.Sum(r => r.MessagesAdded)} messages in {rows.Sum(r => r.GenerationsAdded)} transcripts."));

        var s = source.Stats;
        if (s.Skipped > 0)
        {
            output.WriteLine(Invariant($"Skipped {s.Skipped} transcript lines: {s.ToolResults} tool results, {s.OtherEntries} other entries (model changes, compactions, labels…), ")
                + Invariant($"{s.Unparsable} unreadable lines, {s.Empty} messages without text."));
        }

        if (source.MissingTranscripts > 0)
        {
            output.WriteLine(Invariant($"{source.MissingTranscripts} sessions have no transcript file; they were imported without messages."));
        }

        if (source.Unmatched.Count > 0)
        {
            output.WriteLine(Invariant(
                $"{source.Unmatched.Count} older transcripts belong to no session in sessions.json and were left out: {string.Join(", ", source.Unmatched.Take(5))}{(source.Unmatched.Count > 5 ? ", …" : "")}"));
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

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
