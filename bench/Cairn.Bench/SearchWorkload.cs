using Cairn.Protocol;

namespace Cairn.Bench;

/// <summary>
/// <c>search.query</c> over WebSocket on the seeded data: a word in 1% of the messages, a word in half of them, a
/// phrase, a prefix, and a word searched in one session. The seeded messages name their session's noun (one noun
/// per 1% of sessions), so the rare word's matches grow with the store like a real topic's would.
/// </summary>
internal sealed class SearchWorkload(BenchOptions options, ClientFactory clients, Targets targets, LoadRunner runner)
{
    public async Task<List<LatencyStats>> RunAsync(CancellationToken ct)
    {
        var results = new List<LatencyStats>();
        var queries = new (string Name, Func<string> Query)[]
        {
            ("search.query word (1% of messages)", () => SeedData.SearchTerm),
            ("search.query common word (50%)", () => "question"),
            ("search.query phrase", () => "\"about the " + SeedData.SearchTerm + "\""),
            ("search.query prefix", () => SeedData.SearchTerm[..4] + "*"),
            ("search.query word in one session", () => "question in:" + targets.PatchKey()),
        };
        foreach (var (name, query) in queries)
        {
            foreach (var count in new[] { 1, options.Clients })
            {
                await using var group = await clients.OpenAsync("ws", count, ct);
                results.Add(await runner.RunAsync(name, group.Clients, BenchOptions.Total(options.Reads, count),
                    (c, i, t) => c.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams(query()), t), ct));
            }
        }

        return results;
    }
}
