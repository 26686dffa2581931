using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

public sealed class SessionsListTests
{
    [Theory]
    [InlineData("updated")]
    [InlineData("created")]
    [InlineData("label")]
    public async Task List_Paging_Across250Sessions_HasNoDuplicatesOrGaps(string sort)
    {
        await using var gw = await TestGateway.StartAsync();
        for (var i = 0; i < 249; i++)
        {
            // Every third session shares a timestamp with the previous one, so ties are broken by key.
            if (i % 3 != 0)
            {
                gw.Clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            await gw.CallAsync<SessionsCreateResult>("sessions.create", new { label = $"Session {i:D3}", persistent = i % 2 == 0 });
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await gw.CallAsync<SessionsListResult>("sessions.list", new { limit = 37, sort, cursor });
            Assert.Equal(250, page.Total);
            seen.AddRange(page.Sessions.Select(s => s.Key));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(7, pages);
        Assert.Equal(250, seen.Count);
        Assert.Equal(250, seen.Distinct().Count());
        Assert.Contains("main", seen);
    }

    [Fact]
    public async Task List_UpdatedSort_IsMostRecentFirst()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Old"));
        gw.Clock.Advance(TimeSpan.FromSeconds(1));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("New"));
        gw.Clock.Advance(TimeSpan.FromSeconds(1));
        await gw.CallAsync<SessionEntryResult>("sessions.patch", new { key = "old", description = "touched" });

        var keys = Keys(await gw.CallAsync<SessionsListResult>("sessions.list"));

        Assert.Equal(["old", "new", "main"], keys);
    }

    [Fact]
    public async Task List_Filters_And_Search()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new { label = "Work", description = "the office" });
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Home", Persistent: false));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("100% done_ok", Persistent: false));

        Assert.Equal(["work"], Keys(await gw.CallAsync<SessionsListResult>("sessions.list", new { persistent = true })));
        Assert.Equal(["100-done-ok", "home", "main"], Keys(await gw.CallAsync<SessionsListResult>("sessions.list", new { persistent = false, sort = "label" })));
        Assert.Equal(["main"], Keys(await gw.CallAsync<SessionsListResult>("sessions.list", new { userCreated = false })));
        Assert.Equal(["work"], Keys(await gw.CallAsync<SessionsListResult>("sessions.list", new { search = "OFFICE" })));
        Assert.Equal(["100-done-ok"], Keys(await gw.CallAsync<SessionsListResult>("sessions.list", new { search = "0%" })));
        Assert.Empty(Keys(await gw.CallAsync<SessionsListResult>("sessions.list", new { search = "o_o" })));
        var filtered = await gw.CallAsync<SessionsListResult>("sessions.list", new { persistent = false, limit = 1 });
        Assert.Equal(3, filtered.Total);
    }

    [Fact]
    public async Task List_BadCursorOrCursorOfOtherSort_IsInvalidRequest()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("A"));
        var page = await gw.CallAsync<SessionsListResult>("sessions.list", new { limit = 1 });
        var cursor = page.NextCursor;

        Assert.Equal(ErrorCode.InvalidRequest, (await gw.RequestAsync<SessionsListResult>("sessions.list", new { cursor = "garbage!!" })).Error?.Code);
        Assert.Equal(ErrorCode.InvalidRequest, (await gw.RequestAsync<SessionsListResult>("sessions.list", new { cursor, sort = "label" })).Error?.Code);
        Assert.Equal(ErrorCode.InvalidRequest, (await gw.RequestAsync<SessionsListResult>("sessions.list", new { limit = 0 })).Error?.Code);
        Assert.Equal(ErrorCode.InvalidRequest, (await gw.RequestAsync<SessionsListResult>("sessions.list", new { limit = 201 })).Error?.Code);
        Assert.Equal(ErrorCode.InvalidRequest, (await gw.RequestAsync<SessionsListResult>("sessions.list", new { sort = "size" })).Error?.Code);
    }

    private static string[] Keys(SessionsListResult page) =>
        [.. page.Sessions.Select(s => s.Key)];
}
