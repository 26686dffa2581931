using Cairn.Protocol;

namespace Cairn.Bench;

/// <summary>
/// <c>search.query</c> over WebSocket on the seeded data: a word in 1% of the messages, a word in half of them, a
/// phrase, a prefix, a word searched in one session, the rare word in a tag on 10% of the sessions, and the common
/// word in a tag on 0.1% of them (every message matches the word, one in a thousand the tag). The seeded messages name their session's noun (one noun
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
            ("search.query word, tag filter (10%)", () => SeedData.SearchTerm + " tag:team"),
            ("search.query common word, rare tag (0.1%)", () => "question tag:rare"),
        };
        // The first queries read the index from disk, and run code the runtime has not optimised yet (tiered
        // compilation recompiles a method after 30 calls, in the background); a warm-up pass of each query keeps both
        // out of the measurements, which are of a gateway that has been serving searches, as a running one has.
        await using (var warm = await clients.OpenAsync("ws", 1, ct))
        {
            foreach (var (_, query) in queries)
            {
                for (var i = 0; i < (options.Quick ? 20 : 100); i++)
                {
                    await warm.Clients[0].CallAsync<SearchQueryResult>("search.query", new SearchQueryParams(query()), ct);
                }
            }
        }

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
