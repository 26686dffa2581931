using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Search;

/// <summary>
/// A tag-filtered search reads its rarest tag as a list when the tag is on few sessions and asks each match's tag
/// otherwise (<see cref="SearchStore.FewTagged"/>): both plans give the same hits, in the same order, page for page,
/// with archived and trashed sessions, several tags and a tag no session has (both walk the index: a tag's scan,
/// <see cref="SearchStore.ScanTagged"/>, is compared with the walk in SearchTagScanTests).
/// </summary>
public sealed class SearchTagPlanTests
{
    private static async Task SendAsync(TestGateway gw, string key, string message) =>
        Assert.Equal(SendStatus.Final, (await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(message, key, Wait: true))).Status);

    /// <summary>Six sessions: "few" on two of them, "many" on four (one of which is archived, one trashed), every one with invoices.</summary>
    private static async Task<TestGateway> TaggedSessionsAsync()
    {
        var gw = await TestGateway.StartAsync();
        var sessions = new (string Label, string[] Tags)[]
        {
            ("Alpha", ["few", "many"]), ("Bravo", ["many"]), ("Charlie", []), ("Delta", ["few"]), ("Echo desk", ["many"]), ("Foxtrot", ["many"]),
        };
        foreach (var (label, tags) in sessions)
        {
            var key = (await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label))).Key;
            await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(key, Tags: tags));
            for (var i = 0; i < 3; i++)
            {
                await SendAsync(gw, key, $"invoice {i} for {label}");
            }
        }

        await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("echo-desk"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("foxtrot"));
        return gw;
    }

    private static readonly IReadOnlyList<MatchTerm> Invoice = [new("invoice", ["invoice"], Prefix: false, Negated: false)];

    private static List<string> Page(SearchStore store, SearchScope scope, int skip, int take) =>
        [.. store.Newest(Invoice, scope, skip, take).Select(m => $"{m.SessionKey}/{m.SessionId}/{m.Seq}")];

    [Theory]
    [InlineData("few", null, "alpha delta")]
    [InlineData("many", null, "alpha bravo echo-desk")]
    [InlineData("many", false, "alpha bravo")]
    [InlineData("few many", null, "alpha")]
    [InlineData("many few", null, "alpha")]
    [InlineData("nobody", null, "")]
    public async Task ListedAndAskedTagPlans_GiveTheSameHits_PageForPage(string tagList, bool? archived, string sessionList)
    {
        var tags = tagList.Split(' ');
        var sessions = sessionList.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await using var gw = await TaggedSessionsAsync();
        var db = gw.Service<CairnDatabase>();
        var listed = new SearchStore(db) { FewTagged = int.MaxValue, ScanTagged = 0 };
        var asked = new SearchStore(db) { FewTagged = -1, ScanTagged = 0 };
        var scope = new SearchScope(Archived: archived) { Tags = tags };

        var all = Page(listed, scope, 0, 100);

        Assert.Equal(all, Page(asked, scope, 0, 100));
        Assert.Equal(sessions, all.Select(h => h.Split('/')[0]).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(sessions.Length * 6, all.Count); // three messages and their three echoes
        for (var skip = 0; skip < all.Count + 2; skip += 4)
        {
            Assert.Equal(all.Skip(skip).Take(4), Page(listed, scope, skip, 4));
            Assert.Equal(all.Skip(skip).Take(4), Page(asked, scope, skip, 4));
        }
    }

    [Fact]
    public async Task ATagFilter_NarrowsTheSessionHits_AndTheMessageHits()
    {
        await using var gw = await TaggedSessionsAsync();

        var few = await gw.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams("alpha tag:few"));
        var none = await gw.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams("delta tag:many"));
        var echo = await gw.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams("echo tag:many archived:yes"));

        Assert.Equal(["alpha"], few.Hits.Where(h => h.Kind == SearchHitKind.Session).Select(h => h.SessionKey));
        Assert.All(few.Hits, h => Assert.Equal("alpha", h.SessionKey));
        Assert.Empty(none.Hits);
        Assert.Equal(["echo-desk"], echo.Hits.Where(h => h.Kind == SearchHitKind.Session).Select(h => h.SessionKey));
    }
}
