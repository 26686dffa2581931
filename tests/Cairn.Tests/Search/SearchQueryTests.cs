using Cairn.Protocol;
using Cairn.Search;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Search;

/// <summary>
/// <c>search.query</c> through a real gateway and its SQLite file: messages of every session and generation found by
/// word, phrase and prefix, ranked, paged, filtered; sessions by label; nothing found after a purge; clear errors.
/// </summary>
public sealed class SearchQueryTests
{
    private static async Task SendAsync(TestGateway gw, string key, string message) =>
        Assert.Equal(SendStatus.Final, (await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(message, key, Wait: true))).Status);

    private static Task<SearchQueryResult> SearchAsync(TestGateway gw, string query, string? key = null, int? limit = null, string? cursor = null,
        bool? persistent = null) =>
        gw.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams(query, key, persistent, limit, cursor));

    [Fact]
    public async Task AWordFromAnOldMessage_FindsItsSessionAndSeq_InEveryGeneration()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Accounts", Persistent: false));
        await SendAsync(gw, "accounts", "Please chase invoice 4711 with the supplier");
        await SendAsync(gw, "main", "Something else entirely");
        var before = await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionKeyParams("accounts"));
        await gw.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("accounts"));
        await SendAsync(gw, "accounts", "A new conversation about invoices in general");

        var result = await SearchAsync(gw, "invoice 4711");

        var hits = result.Hits.Where(h => h.Kind == SearchHitKind.Message).ToList();
        Assert.Equal(2, hits.Count); // the user's message and the echo of it, both of the earlier conversation
        Assert.All(hits, h => Assert.Equal("accounts", h.SessionKey));
        Assert.All(hits, h => Assert.False(h.Current));
        Assert.All(hits, h => Assert.Equal(before.Entry.SessionId, h.SessionId));
        var user = Assert.Single(hits, h => h.Role == MessageRoles.User);
        Assert.Equal(1, user.Seq);
        Assert.Equal("Accounts", user.Label);
        Assert.Equal(["invoice", "4711"], user.Highlights.Select(x => user.Snippet.Substring(x.Start, x.Length)));
        Assert.Null(result.NextCursor);
    }

    [Fact]
    public async Task PhrasesPrefixesExclusionsAndAccents_MatchAsDocumented()
    {
        await using var gw = await TestGateway.StartAsync();
        await SendAsync(gw, "main", "the late fee was waived");
        await SendAsync(gw, "main", "a fee that was late");
        await SendAsync(gw, "main", "Crème brûlée recipe");

        // The echo model quotes the first message in its replies, so only what the user wrote is compared.
        async Task<string[]> Said(string query) =>
            [.. (await SearchAsync(gw, query)).Hits.Where(h => h.Role == MessageRoles.User).Select(h => h.Snippet).Order(StringComparer.Ordinal)];

        Assert.Equal(["the late fee was waived"], await Said("\"late fee\" in:main"));
        Assert.Equal(["a fee that was late", "the late fee was waived"], await Said("late fee in:main"));
        Assert.Equal(["a fee that was late"], await Said("late -waived in:main"));
        Assert.Equal(["the late fee was waived"], await Said("wai* in:main"));
        Assert.Equal(["Crème brûlée recipe"], await Said("creme BRULEE"));
        Assert.Empty((await SearchAsync(gw, "nowhere")).Hits);
    }

    [Fact]
    public async Task Sessions_MatchByLabel_OnTheFirstPage_ThenMessages_PagedWithACursor()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Garden plans"));
        for (var i = 0; i < 4; i++)
        {
            await SendAsync(gw, "main", $"garden note {i}");
        }

        var first = await SearchAsync(gw, "garden", limit: 5);
        var second = await SearchAsync(gw, "garden", limit: 5, cursor: first.NextCursor);

        Assert.Equal(SearchHitKind.Session, first.Hits[0].Kind);
        Assert.Equal("garden-plans", first.Hits[0].SessionKey);
        Assert.Equal("garden", first.Hits[0].Snippet.Substring(first.Hits[0].Highlights[0].Start, 6).ToLowerInvariant());
        Assert.Equal(5, first.Hits.Count);
        Assert.NotNull(first.NextCursor);
        Assert.Equal(4, second.Hits.Count);
        Assert.Null(second.NextCursor);
        var seen = first.Hits.Skip(1).Concat(second.Hits).Select(h => h.Seq).ToList();
        Assert.Equal(8, seen.Distinct().Count());
    }

    [Fact]
    public async Task PagingOneHitAtATime_Ends_AndSeesEveryMessageOnce()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Garden plans"));
        await SendAsync(gw, "main", "garden note");

        var seen = new List<(SearchHitKind, long?)>();
        string? cursor = null;
        do
        {
            var page = await SearchAsync(gw, "garden", limit: 1, cursor: cursor);
            seen.AddRange(page.Hits.Select(h => (h.Kind, h.Seq)));
            cursor = page.NextCursor;
            Assert.True(seen.Count < 10, "paging did not end");
        }
        while (cursor is not null);

        Assert.Equal([(SearchHitKind.Message, 2L), (SearchHitKind.Message, 1L)], seen.OrderByDescending(s => s.Item2));
    }

    [Fact]
    public async Task Filters_LimitToASessionOrToPersistence()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Kept", Persistent: true));
        await SendAsync(gw, "kept", "budget for the kept session");
        await SendAsync(gw, "main", "budget for main");

        Assert.All((await SearchAsync(gw, "budget", key: "kept")).Hits, h => Assert.Equal("kept", h.SessionKey));
        Assert.All((await SearchAsync(gw, "budget in:Kept")).Hits, h => Assert.Equal("kept", h.SessionKey));
        Assert.All((await SearchAsync(gw, "budget", persistent: false)).Hits, h => Assert.Equal("main", h.SessionKey));
        Assert.All((await SearchAsync(gw, "budget persistent:yes")).Hits, h => Assert.Equal("kept", h.SessionKey));
    }

    [Fact]
    public async Task TrashedSessions_AreNotSearched_ArchivedOnes_AreUnlessLeftOut()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Scratch"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Old trip"));
        await SendAsync(gw, "scratch", "zanzibar itinerary");
        await SendAsync(gw, "old-trip", "zanzibar flights");
        async Task<string[]> Keys(string query) => [.. (await SearchAsync(gw, query)).Hits.Select(h => h.SessionKey).Distinct().Order(StringComparer.Ordinal)];

        await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("old-trip"));
        Assert.Equal(["old-trip", "scratch"], await Keys("zanzibar"));
        Assert.Equal(["scratch"], await Keys("zanzibar archived:no"));
        Assert.Equal(["old-trip"], await Keys("zanzibar archived:yes"));

        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("scratch"));
        Assert.Equal(["old-trip"], await Keys("zanzibar"));
        await gw.CallAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams("scratch"));
        Assert.Equal(["old-trip", "scratch"], await Keys("zanzibar"));

        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("scratch"));
        await gw.CallAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("scratch"));
        var indexed = gw.Service<CairnDatabase>().Read(c =>
        {
            // SQLite's index has rows of its own; PostgreSQL's GIN index goes with the rows of messages.
            using var count = c.Command($"SELECT COUNT(*) FROM {(c.Dialect().IsPostgres ? "messages" : "message_search_ids")} WHERE session_key = 'scratch'");
            return Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        });
        Assert.Equal(0, indexed);
    }

    [Theory]
    [InlineData("{\"query\":\"\\\"open\"}", "query")]
    [InlineData("{\"query\":\"   \"}", "query")]
    [InlineData("{\"query\":\"a\\u0000b\"}", "query")]
    [InlineData("{\"query\":\"x\",\"limit\":0}", "limit")]
    [InlineData("{\"query\":\"x\",\"cursor\":\"not-a-cursor\"}", "cursor")]
    public async Task BadInput_IsInvalidRequest_NamingTheField(string parameters, string field)
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.PostRawAsync($"{{\"method\":\"search.query\",\"params\":{parameters}}}");

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error!.Code);
        Assert.Equal(field, reply.Error.Detail<string>("field"));
    }

    [Fact]
    public async Task AnUnknownSession_IsNotFound()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<SearchQueryResult>("search.query", new SearchQueryParams("x in:nowhere"));

        Assert.Equal(ErrorCode.NotFound, reply.Error!.Code);
    }

    [Fact]
    public async Task Paging_CrossesRankingWindows_SeeingEveryMatchOnce()
    {
        await using var gw = await TestGateway.StartAsync();
        var count = (SearchService.Window * 2) + 50;
        var main = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionKeyParams("main"))).Entry;
        await gw.Service<CairnDatabase>().WriteAsync((c, tx) =>
        {
            for (var seq = 1; seq <= count; seq++)
            {
                // Relevance varies: every seventh message says the word three times.
                var text = seq % 7 == 0 ? $"lantern lantern lantern {seq}" : $"a lantern and other words, number {seq}";
                using var insert = c.Command("INSERT INTO messages (session_key, session_id, seq, role, text, created_at) VALUES ('main', @s, @seq, 'user', @t, @seq)", tx)
                    .With("@s", main.SessionId).With("@seq", seq).With("@t", text);
                insert.ExecuteNonQuery();
            }

            return 0;
        });

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await SearchAsync(gw, "lantern", limit: 100, cursor: cursor);
            seen.AddRange(page.Hits.Select(h => h.Seq!.Value));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(count, seen.Count);
        Assert.Equal(count, seen.Distinct().Count());
        Assert.Equal(7, pages);
        // The first page is the newest window's most relevant: the thrice-said ones, newest first.
        Assert.Equal(Enumerable.Range(1, count).Where(s => s % 7 == 0).Reverse().Take(20).Select(s => (long)s), seen.Take(20));
    }
}
