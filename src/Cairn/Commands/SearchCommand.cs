using System.Globalization;
using System.Text;
using Cairn.Protocol;
using Cairn.Search;

namespace Cairn.Commands;

/// <summary>
/// <c>/search &lt;text&gt;</c>: the first hits of <c>search.query</c> (same service, same query language) as a
/// numbered list: where each is (session, message number, earlier conversation or not) and its snippet.
/// </summary>
public sealed class SearchCommand(SearchService search)
{
    public const int Shown = 10;

    public CommandReply Run(CommandCall call)
    {
        var query = call.Args.Trim();
        if (query.Length == 0)
        {
            return call.Usage();
        }

        var request = new SearchQueryParams(query, Limit: Shown);
        var found = SearchApi.Validate(request) is { } invalid ? invalid : search.Query(request);
        if (found.Error is { } error)
        {
            return call.Reply(error.Message);
        }

        var hits = found.Value!.Hits;
        if (hits.Count == 0)
        {
            return call.Reply($"Nothing found for {query}.");
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Found for {query}{(found.Value.NextCursor is null ? "" : $" (the first {Shown})")}:");
        var n = 0;
        foreach (var hit in hits)
        {
            var where = hit.Kind == SearchHitKind.Session
                ? $"session {hit.Label} ({hit.SessionKey})"
                : $"{hit.Label} ({hit.SessionKey}), message {hit.Seq}{(hit.Current == false ? ", earlier conversation" : "")}";
            var shown = hit.Kind == SearchHitKind.Session && hit.Snippet == hit.Label ? "" : ": " + hit.Snippet;
            text.Append(CultureInfo.InvariantCulture, $"\n{++n}. {where}{shown}");
        }

        text.Append("\nOpen one with /session switch <key>.");
        return call.Reply(text.ToString());
    }
}
