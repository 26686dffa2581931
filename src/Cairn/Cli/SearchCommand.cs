using System.CommandLine;
using System.Globalization;
using System.Text;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn search &lt;text&gt; [--in session] [--persistent|--temporary] [--limit n] [--all]</c>: <c>search.query</c>
/// as a table (where, message, snippet with the matches in bold on a terminal) or <c>--json</c>.
/// </summary>
public static class SearchCommand
{
    private static readonly string[] Headers = ["SESSION", "KEY", "MSG", "SNIPPET"];

    public static Command Build()
    {
        var options = new ClientOptions();
        var text = new Argument<string[]>("text") { Description = "What to look for: words, \"a phrase\", prefix*, -word, in:<session>.", Arity = ArgumentArity.OneOrMore };
        var inSession = new Option<string?>("--in") { Description = "Only this session (its key)." };
        var persistent = new Option<bool>("--persistent") { Description = "Only persistent sessions." };
        var temporary = new Option<bool>("--temporary") { Description = "Only sessions that are not persistent." };
        var limit = new Option<int?>("--limit") { Description = "Hits per page, 1-100 (default 20)." };
        var all = new Option<bool>("--all") { Description = "Follow every page and print every hit." };
        var command = options.AddTo(new Command("search", "Search every session's messages (all conversations, summaries) and labels.")
        {
            text, inSession, persistent, temporary, limit, all,
        });
        command.Validators.Add(r =>
        {
            if (r.GetValue(persistent) && r.GetValue(temporary))
            {
                r.AddError("--persistent and --temporary cannot be used together.");
            }
        });

        ClientRun.SetAction(command, options, async (result, client, ct) =>
        {
            var query = string.Join(' ', result.GetValue(text)!);
            bool? onlyPersistent = result.GetValue(persistent) ? true : result.GetValue(temporary) ? false : null;
            var hits = new List<SearchHit>();
            string? next = null;
            do
            {
                var reply = await client.Api.RequestAsync<SearchQueryResult>("search.query",
                    new SearchQueryParams(query, result.GetValue(inSession), onlyPersistent, result.GetValue(limit), next), ct);
                if (reply.Error is { } error)
                {
                    return client.Output.Fail(client.Explain(error));
                }

                hits.AddRange(reply.Result.Hits);
                next = reply.Result.NextCursor;
            }
            while (result.GetValue(all) && next is not null);

            Print(client.Output, client.Settings.Json, hits, next);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(CliOutput output, bool json, List<SearchHit> hits, string? next)
    {
        if (json)
        {
            output.Json(new { hits, nextCursor = next });
            return;
        }

        if (hits.Count == 0)
        {
            output.Line("Nothing found.");
            return;
        }

        var rows = hits.Select(h => (IReadOnlyList<string>)
        [
            h.Label, h.SessionKey,
            h.Seq is { } seq ? seq.ToString(CultureInfo.InvariantCulture) + (h.Current == false ? " (earlier)" : "") : "-",
            h.Snippet,
        ]).ToList();
        foreach (var line in TextTable.Render(Headers, rows, (row, column, cell) => row < 0 ? output.Bold(cell) : column == 1 ? output.Dim(cell) : column == 3 ? Marked(output, hits[row]) : cell))
        {
            output.Line(line);
        }

        output.Line(output.Dim(next is null ? $"{hits.Count} hits." : $"{hits.Count} hits shown. More: add --all."));
    }

    /// <summary>The snippet with its highlights in bold (on a terminal; plain otherwise).</summary>
    private static string Marked(CliOutput output, SearchHit hit)
    {
        var text = new StringBuilder();
        var at = 0;
        foreach (var h in hit.Highlights.OrderBy(h => h.Start))
        {
            if (h.Start < at || h.Start + h.Length > hit.Snippet.Length)
            {
                continue;
            }

            text.Append(hit.Snippet, at, h.Start - at).Append(output.Bold(hit.Snippet.Substring(h.Start, h.Length)));
            at = h.Start + h.Length;
        }

        return text.Append(hit.Snippet, at, hit.Snippet.Length - at).ToString();
    }
}
