using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

/// <summary><c>sessions.patch {tags}</c>, <c>sessions.list {tags}</c> and <c>tags.list</c> through a real gateway.</summary>
public sealed class SessionTagsTests
{
    private static Task<SessionEntryResult> TagAsync(TestGateway gw, string key, params string[] tags) =>
        gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(key, Tags: tags));

    private static async Task<string[]> ListAsync(TestGateway gw, object parameters) =>
        [.. (await gw.CallAsync<SessionsListResult>("sessions.list", parameters)).Sessions.Select(s => s.Key)];

    [Fact]
    public async Task Patch_Tags_AreNormalisedSortedAndReplaceTheSet()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));

        var first = await TagAsync(gw, "work", "Project X", "urgent", "URGENT");
        var got = await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("work"));
        var replaced = await TagAsync(gw, "work", "later");
        var cleared = await TagAsync(gw, "work");
        var untouched = await gw.CallAsync<SessionEntryResult>("sessions.patch", new { key = "work", description = "d" });

        Assert.Equal(["project-x", "urgent"], first.Entry.Tags);
        Assert.Equal(["project-x", "urgent"], got.Entry.Tags);
        Assert.Equal(["later"], replaced.Entry.Tags);
        Assert.Empty(cleared.Entry.Tags);
        Assert.Empty(untouched.Entry.Tags);
        Assert.Equal(first.Entry.Rev + 3, untouched.Entry.Rev);
    }

    [Fact]
    public async Task Entries_AlwaysCarryATagsArray()
    {
        await using var gw = await TestGateway.StartAsync();

        var raw = await gw.OkAsync("sessions.get", new { key = "main" });

        Assert.Equal(System.Text.Json.JsonValueKind.Array, raw.GetProperty("entry").GetProperty("tags").ValueKind);
        Assert.False(raw.GetProperty("entry").GetProperty("pinned").GetBoolean());
    }

    [Theory]
    [InlineData("a/b", "'a/b' is not a valid tag")]
    [InlineData("", "'' is not a valid tag")]
    [InlineData("abcdefghijklmnopqrstuvwxyz1234567", "is not a valid tag: use 1 to 32")]
    public async Task Patch_BadTag_IsInvalidRequest_AndChangesNothing(string tag, string message)
    {
        await using var gw = await TestGateway.StartAsync();
        await TagAsync(gw, "main", "keep");

        var reply = await gw.RequestAsync<SessionEntryResult>("sessions.patch", new { key = "main", tags = new[] { "fine", tag } });

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error!.Code);
        Assert.Contains(message, reply.Error.Message, StringComparison.Ordinal);
        Assert.Equal(["keep"], (await gw.CallAsync<SessionEntryResult>("sessions.get", new { key = "main" })).Entry.Tags);
    }

    [Fact]
    public async Task Patch_TooManyTags_IsInvalidRequest()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<SessionEntryResult>("sessions.patch", new { key = "main", tags = Enumerable.Range(0, 21).Select(i => $"t{i}") });

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error!.Code);
        Assert.Equal("A session can have at most 20 tags (21 given).", reply.Error.Message);
    }

    [Fact]
    public async Task List_TagFilter_EveryTagMustMatch_AndCombinesWithFiltersAndPaging()
    {
        await using var gw = await TestGateway.StartAsync();
        for (var i = 0; i < 30; i++)
        {
            gw.Clock.Advance(TimeSpan.FromMilliseconds(1));
            await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams($"S{i:D2}", Persistent: i % 2 == 0));
            await TagAsync(gw, $"s{i:D2}", [.. new[] { i % 3 == 0 ? "three" : null, i % 5 == 0 ? "five" : null, "all" }.OfType<string>()]);
        }

        var both = await gw.CallAsync<SessionsListResult>("sessions.list", new { tags = new[] { "Three", "five" } });
        var persistentThree = await ListAsync(gw, new { tags = new[] { "three" }, persistent = true });
        var searchThree = await ListAsync(gw, new { tags = new[] { "three" }, search = "s1" });
        var none = await gw.CallAsync<SessionsListResult>("sessions.list", new { tags = new[] { "three", "nope" } });
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await gw.CallAsync<SessionsListResult>("sessions.list", new { tags = new[] { "all" }, limit = 7, cursor });
            Assert.Equal(30, page.Total);
            paged.AddRange(page.Sessions.Select(s => s.Key));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(["s15", "s00"], both.Sessions.Select(s => s.Key));
        Assert.Equal(2, both.Total);
        Assert.Equal(["s24", "s18", "s12", "s06", "s00"], persistentThree);
        Assert.Equal(["s18", "s15", "s12"], searchThree);
        Assert.Equal((0, 0), (none.Sessions.Count, none.Total));
        Assert.Equal(Enumerable.Range(0, 30).Reverse().Select(i => $"s{i:D2}"), paged);
    }

    [Fact]
    public async Task List_BadTagFilter_IsInvalidRequest()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<SessionsListResult>("sessions.list", new { tags = new[] { "no good" , "x/y" } });

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error!.Code);
        Assert.Contains("'x/y' is not a valid tag", reply.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TagsList_CountsSessionsInUse_MostUsedFirst()
    {
        await using var gw = await TestGateway.StartAsync();
        foreach (var label in new[] { "A", "B", "C", "D" })
        {
            await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label));
        }

        await TagAsync(gw, "a", "work", "x");
        await TagAsync(gw, "b", "work");
        await TagAsync(gw, "c", "work", "home");
        await TagAsync(gw, "d", "home", "old");
        await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("d"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("c"));

        var tags = await gw.CallAsync<TagsListResult>("tags.list");

        Assert.Equal([new TagInfo("work", 2), new TagInfo("x", 1)], tags.Tags);
    }

    [Fact]
    public async Task Purge_DeletesTheTags_RestoreKeepsThem()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Gone"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Back"));
        await TagAsync(gw, "gone", "t1", "t2");
        await TagAsync(gw, "back", "t3");
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("gone"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("back"));

        await gw.CallAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("gone"));
        var restored = await gw.CallAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams("back"));

        Assert.Equal(["t3"], restored.Entry.Tags);
        var left = gw.Service<CairnDatabase>().Read(c => c.Command("SELECT COUNT(*) FROM session_tags WHERE session_key = 'gone'").ScalarInt64());
        Assert.Equal(0L, left);
    }
}
