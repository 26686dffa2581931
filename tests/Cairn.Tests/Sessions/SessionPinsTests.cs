using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

/// <summary><c>sessions.patch {pinned}</c> and the default order: pinned sessions first, paged without gaps or repeats.</summary>
public sealed class SessionPinsTests
{
    private static Task<SessionEntryResult> PinAsync(TestGateway gw, string key, bool pinned = true) =>
        gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(key, Pinned: pinned));

    [Fact]
    public async Task Pinned_ComeFirstInTheDefaultOrder_OnlyThere()
    {
        await using var gw = await TestGateway.StartAsync();
        foreach (var label in new[] { "Alpha", "Beta", "Gamma" })
        {
            gw.Clock.Advance(TimeSpan.FromSeconds(1));
            await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label));
        }

        var pinned = await PinAsync(gw, "gamma");
        gw.Clock.Advance(TimeSpan.FromSeconds(1));
        await gw.CallAsync<SessionEntryResult>("sessions.patch", new { key = "beta", description = "newest" });

        var updated = await gw.CallAsync<SessionsListResult>("sessions.list");
        var byLabel = await gw.CallAsync<SessionsListResult>("sessions.list", new { sort = "label" });
        var unpinned = await PinAsync(gw, "gamma", false);
        var after = await gw.CallAsync<SessionsListResult>("sessions.list");

        Assert.True(pinned.Entry.Pinned);
        Assert.Equal(["gamma", "beta", "alpha", "main"], updated.Sessions.Select(s => s.Key));
        Assert.Equal(["alpha", "beta", "gamma", "main"], byLabel.Sessions.Select(s => s.Key));
        Assert.False(unpinned.Entry.Pinned);
        Assert.Equal(["beta", "gamma", "alpha", "main"], after.Sessions.Select(s => s.Key));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(13)]
    [InlineData(50)]
    public async Task Paging_AcrossThePinnedBoundary_SkipsAndRepeatsNothing(int limit)
    {
        await using var gw = await TestGateway.StartAsync();
        for (var i = 0; i < 60; i++)
        {
            // Runs of equal times, so the key breaks ties inside both the pinned and the unpinned part.
            if (i % 4 == 0)
            {
                gw.Clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams($"S{i:D2}", Persistent: i % 2 == 0));
        }

        foreach (var i in Enumerable.Range(0, 60).Where(i => i % 7 == 3))
        {
            await PinAsync(gw, $"s{i:D2}");
        }

        var all = await gw.CallAsync<SessionsListResult>("sessions.list", new { limit = 200 });
        var seen = new List<SessionEntry>();
        string? cursor = null;
        do
        {
            var page = await gw.CallAsync<SessionsListResult>("sessions.list", new { limit, cursor });
            Assert.Equal(61, page.Total);
            Assert.True(page.Sessions.Count <= limit);
            seen.AddRange(page.Sessions);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(all.Sessions.Select(s => s.Key), seen.Select(s => s.Key));
        Assert.Equal(61, seen.Select(s => s.Key).Distinct().Count());
        var pinnedCount = Enumerable.Range(0, 60).Count(i => i % 7 == 3);
        Assert.All(seen.Take(pinnedCount), s => Assert.True(s.Pinned));
        Assert.All(seen.Skip(pinnedCount), s => Assert.False(s.Pinned));
        Assert.Equal(seen.Take(pinnedCount).OrderByDescending(s => s.UpdatedAt).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key),
            seen.Take(pinnedCount).Select(s => s.Key));
        Assert.Equal(seen.Skip(pinnedCount).OrderByDescending(s => s.UpdatedAt).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key),
            seen.Skip(pinnedCount).Select(s => s.Key));
    }

    [Fact]
    public async Task Paging_WithAFilter_KeepsPinnedFirst()
    {
        await using var gw = await TestGateway.StartAsync();
        for (var i = 0; i < 12; i++)
        {
            gw.Clock.Advance(TimeSpan.FromMilliseconds(1));
            await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams($"S{i:D2}", Persistent: i % 2 == 0));
        }

        await PinAsync(gw, "s02");
        await PinAsync(gw, "s03");

        var keys = new List<string>();
        string? cursor = null;
        do
        {
            var page = await gw.CallAsync<SessionsListResult>("sessions.list", new { limit = 2, cursor, persistent = true });
            keys.AddRange(page.Sessions.Select(s => s.Key));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(["s02", "s10", "s08", "s06", "s04", "s00"], keys);
    }

    [Fact]
    public async Task Pin_OfAnUnknownSession_IsNotFound()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<SessionEntryResult>("sessions.patch", new { key = "nope", pinned = true });

        Assert.Equal(ErrorCode.NotFound, reply.Error!.Code);
    }
}
