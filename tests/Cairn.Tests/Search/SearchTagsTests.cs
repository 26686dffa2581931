using Cairn.Protocol;
using Cairn.Search;
using Cairn.Tests.Support;

namespace Cairn.Tests.Search;

/// <summary>Search and tags: the <c>tag:</c> and <c>pinned:</c> filters, <c>search.query {tags}</c>, and sessions found by a tag.</summary>
public sealed class SearchTagsTests
{
    private static async Task SendAsync(TestGateway gw, string key, string message) =>
        Assert.Equal(SendStatus.Final, (await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(message, key, Wait: true))).Status);

    private static async Task<TestGateway> ThreeSessionsAsync()
    {
        var gw = await TestGateway.StartAsync();
        foreach (var (label, tags) in new[] { ("Accounts", new[] { "finance", "work" }), ("Garden", new[] { "home" }), ("Taxes", new[] { "finance" }) })
        {
            var key = (await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label))).Key;
            await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(key, Tags: tags));
            await SendAsync(gw, key, $"invoice notes for {label}");
        }

        await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("taxes", Pinned: true));
        return gw;
    }

    private static string[] MessageSessions(SearchQueryResult result) =>
        [.. result.Hits.Where(h => h.Kind == SearchHitKind.Message).Select(h => h.SessionKey).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public async Task TagFilter_InTheQueryAndAsAParam_EveryTagMustMatch()
    {
        await using var gw = await ThreeSessionsAsync();

        var finance = await gw.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams("invoice tag:Finance"));
        var both = await gw.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams("invoice tag:finance tag:work"));
        var param = await gw.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams("invoice", Tags: ["home"]));
        var mixed = await gw.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams("invoice tag:finance", Tags: ["home"]));

        Assert.Equal(["accounts", "taxes"], MessageSessions(finance));
        Assert.Equal(["accounts"], MessageSessions(both));
        Assert.Equal(["garden"], MessageSessions(param));
        Assert.Empty(mixed.Hits);
    }

    [Fact]
    public async Task PinnedFilter_KeepsOrLeavesOutPinnedSessions()
    {
        await using var gw = await ThreeSessionsAsync();

        var pinned = await gw.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams("invoice pinned:yes"));
        var notPinned = await gw.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams("invoice pinned:false"));

        Assert.Equal(["taxes"], MessageSessions(pinned));
        Assert.Equal(["accounts", "garden"], MessageSessions(notPinned));
    }

    [Fact]
    public async Task ASessionWhoseTagMatches_IsASessionHit()
    {
        await using var gw = await ThreeSessionsAsync();

        var result = await gw.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams("financ"));

        Assert.Equal(["accounts", "taxes"], result.Hits.Where(h => h.Kind == SearchHitKind.Session).Select(h => h.SessionKey));
    }

    [Theory]
    [InlineData("invoice tag:a/b", "'a/b' is not a valid tag")]
    [InlineData("invoice tag:", "The filter 'tag:' needs a value, e.g. 'tag:project-x'.")]
    [InlineData("invoice pinned:maybe", "'pinned:' takes yes or no, not 'maybe'.")]
    public async Task BadFilters_AreInvalidRequest(string query, string message)
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<SearchQueryResult>("search.query", new SearchQueryParams(query));

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error!.Code);
        Assert.Contains(message, reply.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReadsTagAndPinnedFilters()
    {
        var parsed = SearchSyntax.Parse("budget tag:Work tag:\"Project X\" pinned:no").Value!;

        Assert.Equal(["work", "project-x"], parsed.Tags);
        Assert.False(parsed.Pinned);
        Assert.Equal("budget", Assert.Single(parsed.Terms).Text);
    }
}
