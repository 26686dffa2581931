using System.Globalization;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>The tables of <c>cairn stats</c>: a summary of name/value pairs, then the days with any activity.</summary>
internal static class StatsView
{
    public static void Session(CliOutput output, AnalyticsSessionResult r)
    {
        output.Line(output.Bold($"{r.Label} ({r.Key})") + output.Dim($"  {r.From} .. {r.To} (UTC), model {r.Model}"));
        Pairs(output,
        [
            ("Messages", StatsCommand.N(r.Messages)),
            ("Input tokens", StatsCommand.N(r.InputTokens)),
            ("Output tokens", StatsCommand.N(r.OutputTokens)),
            ("Estimated cost", r.EstimatedCost is { } cost ? cost.ToString("0.######", CultureInfo.InvariantCulture) : "- (no price configured)"),
            ("Replies", $"{StatsCommand.N(r.Replies.Final)} final, {StatsCommand.N(r.Replies.Error)} error, {StatsCommand.N(r.Replies.Aborted)} aborted"),
            ("Compactions", StatsCommand.N(r.Compactions)),
            ("Resets", StatsCommand.N(r.Resets)),
            ("Median first token", Ms(r.MedianFirstTokenMs)),
            ("Median reply", Ms(r.MedianTotalMs)),
        ]);
        var days = r.Days.Where(d => d.Messages + d.Replies + d.InputTokens + d.OutputTokens > 0).ToList();
        Days(output, ["DAY", "MESSAGES", "INPUT", "OUTPUT", "REPLIES"],
            [.. days.Select(d => (IReadOnlyList<string>)[d.Day, StatsCommand.N(d.Messages), StatsCommand.N(d.InputTokens), StatsCommand.N(d.OutputTokens), StatsCommand.N(d.Replies)])]);
    }

    public static void Overview(CliOutput output, AnalyticsOverviewResult r)
    {
        output.Line(output.Bold("Gateway") + output.Dim($"  {r.From} .. {r.To} (UTC)"));
        Pairs(output,
        [
            ("Sessions created", StatsCommand.N(r.SessionsCreated)),
            ("Switches", StatsCommand.N(r.Switches)),
            ("Blocked resets", StatsCommand.N(r.ResetsBlocked)),
            ("Creation errors", StatsCommand.N(r.CreateErrors)),
            ("By kind", string.Join(", ", r.ByKind.Select(g => $"{g.Name} {StatsCommand.N(g.Count)}"))),
            ("By persistence", string.Join(", ", r.ByPersistence.Select(g => $"{g.Name} {StatsCommand.N(g.Count)}"))),
        ]);
        var days = r.Days.Where(d => d.SessionsCreated + d.Switches + d.ResetsBlocked + d.CreateErrors + d.ActiveSessions > 0).ToList();
        Days(output, ["DAY", "CREATED", "SWITCHES", "BLOCKED", "ERRORS", "ACTIVE"],
            [.. days.Select(d => (IReadOnlyList<string>)[d.Day, StatsCommand.N(d.SessionsCreated), StatsCommand.N(d.Switches),
                StatsCommand.N(d.ResetsBlocked), StatsCommand.N(d.CreateErrors), StatsCommand.N(d.ActiveSessions)])]);
        if (r.TopSessions.Count > 0)
        {
            output.Line();
            foreach (var line in TextTable.Render(["TOP SESSION", "KEY", "INPUT", "OUTPUT", "TOKENS"],
                [.. r.TopSessions.Select(t => (IReadOnlyList<string>)[t.Label, t.Key, StatsCommand.N(t.InputTokens), StatsCommand.N(t.OutputTokens), StatsCommand.N(t.Tokens)])],
                (row, column, cell) => row < 0 ? output.Bold(cell) : column == 1 ? output.Dim(cell) : cell))
            {
                output.Line(line);
            }
        }
    }

    private static string Ms(double? ms) => ms is { } value ? value.ToString("0.#", CultureInfo.InvariantCulture) + " ms" : "-";

    private static void Pairs(CliOutput output, IReadOnlyList<(string Name, string Value)> pairs)
    {
        foreach (var line in TextTable.Render(["", ""], [.. pairs.Select(p => (IReadOnlyList<string>)[p.Name, p.Value])],
            (row, column, cell) => column == 0 ? output.Dim(cell) : cell).Skip(1))
        {
            output.Line(line);
        }
    }

    private static void Days(CliOutput output, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        output.Line();
        if (rows.Count == 0)
        {
            output.Line(output.Dim("No activity in this range."));
            return;
        }

        foreach (var line in TextTable.Render(headers, rows, (row, _, cell) => row < 0 ? output.Bold(cell) : cell))
        {
            output.Line(line);
        }
    }
}
