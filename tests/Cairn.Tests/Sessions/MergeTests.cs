using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

/// <summary>
/// <c>sessions.merge</c> and <c>sessions.unmerge</c> through a real gateway: the two orders with exact sequences, a
/// preview equal to the merge that follows, provenance, archived (never reset or deleted) sources, an unmerge round
/// trip for a new session and for one merged into, and every refusal.
/// </summary>
public sealed class MergeTests
{
    /// <summary>Alpha gets a turn at minute 0 and 2, Beta at minute 1: each row's time says where it falls.</summary>
    private static async Task TwoSessionsAsync(TestGateway gw)
    {
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Alpha"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Beta", Persistent: false));
        await gw.SendAsync("alpha", "a1");
        gw.Clock.Advance(TimeSpan.FromMinutes(1));
        await gw.SendAsync("beta", "b1");
        gw.Clock.Advance(TimeSpan.FromMinutes(1));
        await gw.SendAsync("alpha", "a2");
        gw.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    private static string Json(MergeOutline outline) => System.Text.Json.JsonSerializer.Serialize(outline, ProtocolJson.Options);

    private static async Task<List<string>> UserTextsAsync(TestGateway gw, string key) =>
        [.. (await gw.AllRowsAsync(key)).Where(m => m.Role == MessageRoles.User).Select(m => m.Text)];

    [Fact]
    public async Task Merge_ByTime_Interleaves_AndSequential_KeepsEachSourceTogether()
    {
        await using var gw = await TestGateway.StartAsync();
        await TwoSessionsAsync(gw);

        var byTime = await gw.CallAsync<SessionsMergeResult>("sessions.merge", new SessionsMergeParams(["beta", "alpha"], Label: "By time"));
        Assert.Equal(["a1", "b1", "a2"], await UserTextsAsync(gw, byTime.Key!));
        await gw.CallAsync<SessionsUnmergeResult>("sessions.unmerge", new SessionKeyParams(byTime.Key!));
        var sequential = await gw.CallAsync<SessionsMergeResult>("sessions.merge",
            new SessionsMergeParams(["beta", "alpha"], Label: "In turn", Order: MergeOrder.Sequential));

        Assert.Equal(["b1", "a1", "a2"], await UserTextsAsync(gw, sequential.Key!));
        var rows = await gw.AllRowsAsync(sequential.Key!);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], rows.Select(m => m.Seq));
        Assert.Equal(["user", "assistant", "user", "assistant", "user", "assistant"], rows.Select(m => m.Role));
        Assert.Equal(6, sequential.Entry!.MessageCount);
    }

    [Fact]
    public async Task Merge_ByTime_HasTheExactSequence_AndPreviewEqualsTheResult()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();
        await TwoSessionsAsync(gw);
        var alphaRows = await gw.AllRowsAsync("alpha");
        var request = new SessionsMergeParams(["alpha", "beta"], Preview: true);

        var preview = await gw.CallAsync<SessionsMergeResult>("sessions.merge", request);
        Assert.Equal((true, null, null), (preview.Preview, preview.Key, preview.Entry));
        Assert.Equal(3, (await gw.CallAsync<SessionsListResult>("sessions.list")).Total);
        Assert.False((await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("alpha"))).Entry.Archived);

        var merged = await gw.CallAsync<SessionsMergeResult>("sessions.merge", request with { Preview = false });

        Assert.Equal(Json(preview.Outline), Json(merged.Outline));
        Assert.Equal(("Alpha + Beta", "alpha-beta", false), (merged.Outline.Label, merged.Key, merged.Preview));
        Assert.Equal(["a1", "b1", "a2"], await UserTextsAsync(gw, merged.Key!));
        var rows = await gw.AllRowsAsync(merged.Key!);
        Assert.Equal(6, merged.Outline.Messages);
        Assert.Equal(rows.Count, merged.Outline.Messages);
        foreach (var source in merged.Outline.Sources)
        {
            Assert.Equal(source.First!.Text, rows.Single(m => m.Seq == source.First.Seq).Text);
            Assert.Equal(source.Last!.Text, rows.Single(m => m.Seq == source.Last.Seq).Text);
            Assert.True(source.Archive);
        }

        Assert.Equal((4, 1L, 1L, 6L, 4L), (merged.Outline.Sources[0].Messages, merged.Outline.Sources[0].First!.Seq, merged.Outline.Sources[0].First!.SourceSeq,
            merged.Outline.Sources[0].Last!.Seq, merged.Outline.Sources[0].Last!.SourceSeq));
        Assert.Equal((2, 3L, 4L), (merged.Outline.Sources[1].Messages, merged.Outline.Sources[1].First!.Seq, merged.Outline.Sources[1].Last!.Seq));
        Assert.Equal(alphaRows.Select(m => m.CreatedAt).Order().First(), rows[0].CreatedAt);

        var persistent = Assert.Single(merged.Outline.Conflicts);
        Assert.Equal(("persistent", "true"), (persistent.Field, persistent.Chosen));
        Assert.True(merged.Entry!.Persistent);
        Assert.Equal(6, (await ws.NextEventAsync<SessionsChangedEvent>(e => e.Key == merged.Key && e.Reason == ChangeReason.Created)).Entry!.MessageCount);
        Assert.True((await ws.NextEventAsync<SessionsChangedEvent>(e => e.Key == "beta" && e.Reason == ChangeReason.Archived)).Entry!.Archived);
    }

    [Fact]
    public async Task Merge_ArchivesThePersistentSource_WithoutTouchingItsConversation_AndUnmergeRestoresEverything()
    {
        await using var gw = await TestGateway.StartAsync();
        await TwoSessionsAsync(gw);
        var alphaBefore = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("alpha"))).Entry;
        var alphaRows = await gw.AllRowsAsync("alpha");

        var merged = await gw.CallAsync<SessionsMergeResult>("sessions.merge", new SessionsMergeParams(["alpha", "beta"], Label: "Both"));

        var alphaAfter = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("alpha"))).Entry;
        Assert.Equal(alphaBefore with { ArchivedAt = alphaAfter.ArchivedAt, Rev = alphaBefore.Rev + 1, UpdatedAt = alphaAfter.UpdatedAt }, alphaAfter);
        Assert.True(alphaAfter.Archived && alphaAfter.Persistent);
        Assert.Equal(alphaRows, await gw.AllRowsAsync("alpha"));
        Assert.Equal(["both"], (await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Search: "both"))).Sessions.Select(s => s.Key));

        var undone = await gw.CallAsync<SessionsUnmergeResult>("sessions.unmerge", new SessionKeyParams(merged.Key!));

        Assert.Equal(("purged", 6, null), (undone.Removed, undone.MessagesRemoved, undone.Entry));
        Assert.Equal(["alpha", "beta"], undone.Restored);
        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams("both"))).Error?.Code);
        var alphaBack = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("alpha"))).Entry;
        Assert.Equal(alphaBefore with { Rev = alphaBefore.Rev + 2, UpdatedAt = alphaBack.UpdatedAt }, alphaBack);
        Assert.Equal(alphaRows, await gw.AllRowsAsync("alpha"));
        Assert.Equal(3, (await gw.CallAsync<SessionsListResult>("sessions.list")).Total);
        var again = await gw.RequestAsync<SessionsUnmergeResult>("sessions.unmerge", new SessionKeyParams("alpha"));
        Assert.Equal((ErrorCode.Conflict, "not_merged"), (again.Error?.Code, again.Error?.Detail<string>("reason")));
    }

    [Fact]
    public async Task MergeInto_AppendsAfterItsMessages_RecordsOrigins_AndUnmergeRemovesExactlyTheCopies()
    {
        await using var gw = await TestGateway.StartAsync();
        await TwoSessionsAsync(gw);
        await gw.SendAsync("main", "m1");
        await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("beta", SystemPrompt: "Speak French."));

        var preview = await gw.CallAsync<SessionsMergeResult>("sessions.merge", new SessionsMergeParams(["beta"], Into: "main", Preview: true));
        var merged = await gw.CallAsync<SessionsMergeResult>("sessions.merge", new SessionsMergeParams(["beta"], Into: "main"));

        Assert.Equal(Json(preview.Outline), Json(merged.Outline));
        Assert.Equal(("main", "main", 3L), (merged.Key, merged.Outline.Into, merged.Outline.Sources[0].First!.Seq));
        var prompt = Assert.Single(merged.Outline.Conflicts, c => c.Field == "systemPrompt");
        Assert.Equal((null, "'main' keeps its own"), (prompt.Chosen, prompt.Resolution));
        Assert.Equal(["m1", "b1"], await UserTextsAsync(gw, "main"));
        Assert.Equal(4, merged.Entry!.MessageCount);
        await gw.SendAsync("main", "m2");

        var undone = await gw.CallAsync<SessionsUnmergeResult>("sessions.unmerge", new SessionKeyParams("main"));

        Assert.Equal(("messages", 2), (undone.Removed, undone.MessagesRemoved));
        Assert.Equal(["m1", "m2"], await UserTextsAsync(gw, "main"));
        Assert.Equal(4, undone.Entry!.MessageCount);
        Assert.Equal("beta", Assert.Single(undone.Restored));
        Assert.False((await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("beta"))).Entry.Archived);
    }

    [Fact]
    public async Task Unmerge_OfAMergedSessionWrittenToSince_MovesItToTheTrash_KeepingTheNewMessages()
    {
        await using var gw = await TestGateway.StartAsync();
        await TwoSessionsAsync(gw);
        var merged = await gw.CallAsync<SessionsMergeResult>("sessions.merge", new SessionsMergeParams(["alpha", "beta"]));
        await gw.SendAsync(merged.Key!, "written after the merge");

        var undone = await gw.CallAsync<SessionsUnmergeResult>("sessions.unmerge", new SessionKeyParams(merged.Key!));

        Assert.Equal(("trashed", 0, true), (undone.Removed, undone.MessagesRemoved, undone.Entry!.Trashed));
        Assert.Equal(2, undone.Restored.Count);
        var trash = await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Trashed: true));
        Assert.Equal(8, Assert.Single(trash.Sessions).MessageCount);
    }

    [Fact]
    public async Task AnArchivedSource_IsMerged_AndStaysArchivedAfterAnUnmerge()
    {
        await using var gw = await TestGateway.StartAsync();
        await TwoSessionsAsync(gw);
        await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("beta"));

        var merged = await gw.CallAsync<SessionsMergeResult>("sessions.merge", new SessionsMergeParams(["alpha", "beta"]));
        Assert.Equal([true, false], merged.Outline.Sources.Select(s => s.Archive));
        var undone = await gw.CallAsync<SessionsUnmergeResult>("sessions.unmerge", new SessionKeyParams(merged.Key!));

        Assert.Equal(["alpha"], undone.Restored);
        Assert.True((await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("beta"))).Entry.Archived);
    }

    [Fact]
    public async Task MergeErrors_HaveTheirCodes_AndWriteNothing()
    {
        await using var gw = await TestGateway.StartAsync();
        await TwoSessionsAsync(gw);
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Gone"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("gone"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Shelf"));
        await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("shelf"));

        async Task<(ErrorCode?, string?)> Refused(SessionsMergeParams p)
        {
            var reply = await gw.RequestAsync<SessionsMergeResult>("sessions.merge", p);
            return (reply.Error?.Code, reply.Error?.Detail<string>("field") ?? reply.Error?.Detail<string>("reason"));
        }

        Assert.Equal((ErrorCode.InvalidRequest, "sources"), await Refused(new(["alpha"])));
        Assert.Equal((ErrorCode.InvalidRequest, "sources"), await Refused(new(["alpha", "alpha"])));
        Assert.Equal((ErrorCode.InvalidRequest, "sources"), await Refused(new(["alpha", "Not A Key"])));
        Assert.Equal((ErrorCode.InvalidRequest, "into"), await Refused(new(["alpha", "beta"], Into: "beta")));
        Assert.Equal((ErrorCode.InvalidRequest, "label"), await Refused(new(["alpha"], Into: "beta", Label: "x")));
        Assert.Equal((ErrorCode.NotFound, null), await Refused(new(["alpha", "nope"])));
        Assert.Equal((ErrorCode.NotFound, "trashed"), await Refused(new(["alpha", "gone"])));
        Assert.Equal((ErrorCode.SessionProtected, "sources"), await Refused(new(["alpha", "main"])));
        Assert.Equal((ErrorCode.Conflict, "archived"), await Refused(new(["alpha"], Into: "shelf")));
        Assert.Equal((ErrorCode.NotFound, null), await Refused(new(["alpha"], Into: "nope", Preview: true)));
        Assert.Equal((ErrorCode.Conflict, "label"), await Refused(new(["alpha", "beta"], Label: "main")));

        Assert.Equal(3, (await gw.CallAsync<SessionsListResult>("sessions.list")).Total);
        Assert.Equal(6, (await gw.AllRowsAsync("alpha")).Count + (await gw.AllRowsAsync("beta")).Count);
        Assert.False((await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("alpha"))).Entry.Archived);
    }
}
