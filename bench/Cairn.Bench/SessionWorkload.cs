using System.Globalization;
using Cairn.Protocol;

namespace Cairn.Bench;

/// <summary>
/// The <c>sessions.*</c> measurements at one size: each operation over HTTP and WebSocket, with one client and
/// with many, in an order where each step leaves the data as the next expects (creates first, deletes last).
/// </summary>
internal sealed class SessionWorkload(BenchOptions options, ClientFactory clients, Targets targets, LoadRunner runner, TextWriter log)
{
    private static readonly string[] CommonTag = ["common"];
    private static readonly string[] RareTag = ["rare"];
    private static readonly string[] TwoTags = ["common", "team"];
    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];
    private string _deepCursor = "";
    private int _deepPosition;
    private int _created;
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _trashed = [];

    public async Task<List<LatencyStats>> RunAsync(CancellationToken ct)
    {
        await WarmAsync(ct);
        var results = new List<LatencyStats>();
        await Each(results, "sessions.create", options.Writes, Create, ct);
        await FindDeepCursorAsync(ct);
        await Each(results, "sessions.list first page", options.Reads, (c, i, t) => c.CallAsync<SessionsListResult>("sessions.list", new { }, t), ct);
        await Each(results, "sessions.list deep page", options.Reads, (c, i, t) => c.CallAsync<SessionsListResult>("sessions.list", new { cursor = _deepCursor }, t), ct);
        await Each(results, "sessions.list search word", options.Reads, (c, i, t) => c.CallAsync<SessionsListResult>("sessions.list", new { search = SeedData.SearchTerm }, t), ct);
        await Each(results, "sessions.list search name", options.Reads, (c, i, t) => c.CallAsync<SessionsListResult>("sessions.list", new { search = targets.ResolveName() }, t), ct);
        await Each(results, "sessions.list persistent", options.Reads, (c, i, t) => c.CallAsync<SessionsListResult>("sessions.list", new { persistent = true }, t), ct);
        await Each(results, "sessions.list tag (50%)", options.Reads, (c, i, t) => c.CallAsync<SessionsListResult>("sessions.list", new { tags = CommonTag }, t), ct);
        await Each(results, "sessions.list tag (0.1%)", options.Reads, (c, i, t) => c.CallAsync<SessionsListResult>("sessions.list", new { tags = RareTag }, t), ct);
        await Each(results, "sessions.list two tags (10%)", options.Reads, (c, i, t) => c.CallAsync<SessionsListResult>("sessions.list", new { tags = TwoTags }, t), ct);
        await Each(results, "tags.list", options.Reads, (c, i, t) => c.CallAsync<TagsListResult>("tags.list", new { }, t), ct);
        await Each(results, "sessions.resolve", options.Reads, (c, i, t) => c.CallAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams(targets.ResolveName()), t), ct);
        await Each(results, "sessions.patch", options.Writes, Patch, ct);
        await Each(results, "sessions.reset", options.Writes, (c, i, t) => c.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams(targets.ResetKey()), t), ct);
        await Each(results, "sessions.delete", options.Writes, Delete, ct);
        await CleanUpAsync(ct);
        log.WriteLine($"    (deep page = the page after position {_deepPosition:N0} of the default sort)");
        return results;
    }

    private async Task Each(List<LatencyStats> results, string name, int perMeasurement, LoadRunner.Operation operation, CancellationToken ct)
    {
        foreach (var transport in new[] { "http", "ws" })
        {
            foreach (var count in new[] { 1, options.Clients })
            {
                await using var group = await clients.OpenAsync(transport, count, ct);
                results.Add(await runner.RunAsync(name, group.Clients, BenchOptions.Total(perMeasurement, count), operation, ct));
            }
        }
    }

    private async Task Create(IRpcClient client, int index, CancellationToken ct)
    {
        // A label of a realistic length: the trigram search index costs in proportion to the text it indexes.
        var label = string.Create(CultureInfo.InvariantCulture, $"Bench {_tag} {Interlocked.Increment(ref _created)}");
        var result = await client.CallAsync<SessionsCreateResult>("sessions.create", new { label, description = "made by cairn-bench", persistent = false }, ct);
        targets.Created(result.Key, label);
    }

    private Task Patch(IRpcClient client, int index, CancellationToken ct) =>
        client.CallAsync<SessionEntryResult>("sessions.patch", new { key = targets.PatchKey(), description = string.Create(CultureInfo.InvariantCulture, $"patched by cairn-bench, round {index}") }, ct);

    private async Task Delete(IRpcClient client, int index, CancellationToken ct)
    {
        if (!targets.TryTakeForDelete(out var key))
        {
            throw new BenchFailure("no created session left to delete");
        }

        await client.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams(key), ct);
        _trashed.Add(key);
    }

    /// <summary>
    /// Deletes what the warm-up created and did not delete, and purges everything deleted from the trash, so a gateway
    /// given with --url is left as it was.
    /// </summary>
    private async Task CleanUpAsync(CancellationToken ct)
    {
        await using var group = await clients.OpenAsync("http", 1, ct);
        while (targets.TryTakeForDelete(out var key))
        {
            await group.Clients[0].CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams(key), ct);
            _trashed.Add(key);
        }

        foreach (var key in _trashed)
        {
            await group.Clients[0].CallAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams(key), ct);
        }
    }

    /// <summary>Walks the default list 200 at a time to the middle and keeps that cursor for the deep-page measurement.</summary>
    private async Task FindDeepCursorAsync(CancellationToken ct)
    {
        await using var group = await clients.OpenAsync("http", 1, ct);
        var client = group.Clients[0];
        string? cursor = null;
        var position = 0;
        var total = int.MaxValue;
        while (position < total / 2)
        {
            var page = await client.CallAsync<SessionsListResult>("sessions.list", new { limit = 200, cursor }, ct);
            total = page.Total;
            position += page.Sessions.Count;
            if (page.NextCursor is not { } next)
            {
                break;
            }

            cursor = next;
        }

        _deepCursor = cursor ?? throw new BenchFailure("sessions.list gave no next cursor; too few sessions for a deep page");
        _deepPosition = position;
    }

    /// <summary>Untimed calls of the main code paths on both transports, so the JIT has settled before measuring.</summary>
    private async Task WarmAsync(CancellationToken ct)
    {
        foreach (var transport in new[] { "http", "ws" })
        {
            await using var group = await clients.OpenAsync(transport, 1, ct);
            var client = group.Clients[0];
            var writes = Math.Min(options.Warmup, 50);
            await LoadRunner.WarmAsync(client, writes * 2, Create, ct);
            await LoadRunner.WarmAsync(client, options.Warmup, (c, i, t) => c.CallAsync<SessionsListResult>("sessions.list", new { search = i % 2 == 0 ? SeedData.SearchTerm : null }, t), ct);
            await LoadRunner.WarmAsync(client, options.Warmup, (c, i, t) => c.CallAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams(targets.ResolveName()), t), ct);
            await LoadRunner.WarmAsync(client, writes, Patch, ct);
            await LoadRunner.WarmAsync(client, writes, Delete, ct);
        }
    }
}
