using System.Text.Json;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

public sealed class SessionsPatchResolveTests
{
    [Fact]
    public async Task Patch_Rename_KeepsKey_AndBumpsRev()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));

        var entry = (await gw.CallAsync<SessionEntryResult>("sessions.patch", new { key = "work", label = "Day job", description = "9 to 5" })).Entry;

        Assert.Equal("work", entry.Key);
        Assert.Equal("Day job", entry.Label);
        Assert.Equal("9 to 5", entry.Description);
        Assert.Equal(2, entry.Rev);
    }

    [Fact]
    public async Task Patch_DescriptionNull_Clears_AbsentLeavesIt()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new { label = "Work", description = "desc" });

        var kept = (await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("work", Persistent: false))).Entry;
        Assert.Equal("desc", kept.Description);

        var cleared = await gw.PostRawAsync("""{"method":"sessions.patch","params":{"key":"work","description":null}}""");
        Assert.True(cleared.Ok, cleared.ToString());
        Assert.Null(cleared.As<SessionEntryResult>().Result.Entry.Description);
    }

    [Fact]
    public async Task Patch_WrongExpectedRev_IsConflict_AndChangesNothing()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        await gw.CallAsync<SessionEntryResult>("sessions.patch", new { key = "work", label = "Work 2", expectedRev = 1 });

        var stale = await gw.RequestAsync<SessionEntryResult>("sessions.patch", new { key = "work", label = "Work 3", expectedRev = 1 });

        Assert.Equal(ErrorCode.Conflict, stale.Error?.Code);
        Assert.Equal(2, stale.Error!.Detail<int>("rev"));
        Assert.Equal("Work 2", (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("work"))).Entry.Label);
    }

    [Fact]
    public async Task Patch_ToLabelOfAnotherSession_IsConflict_ButOwnLabelInOtherCaseIsFine()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Home"));

        Assert.Equal(ErrorCode.Conflict, (await gw.RequestAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("home", "work"))).Error?.Code);
        Assert.True((await gw.RequestAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("home", "HOME"))).Ok);
    }

    [Fact]
    public async Task Patch_NothingToChange_IsInvalidRequest()
    {
        await using var gw = await TestGateway.StartAsync();

        Assert.Equal(ErrorCode.InvalidRequest, (await gw.RequestAsync<SessionEntryResult>("sessions.patch", new { key = "main" })).Error?.Code);
    }

    [Fact]
    public async Task Resolve_ByKeyLabelAndUniquePrefix_CaseInsensitive()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Project Apollo"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Project Gemini"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Home"));

        static string Key(SessionEntryResult r) => r.Entry.Key;
        Assert.Equal("home", Key(await gw.CallAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams("home"))));
        Assert.Equal("project-apollo", Key(await gw.CallAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams("PROJECT APOLLO"))));
        Assert.Equal("project-gemini", Key(await gw.CallAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams("project g"))));

        var ambiguous = await gw.RequestAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams("proj"));
        Assert.Equal(ErrorCode.Conflict, ambiguous.Error?.Code);
        Assert.Equal(2, ambiguous.Error!.Detail<JsonElement>("candidates").GetArrayLength());

        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams("zzz"))).Error?.Code);
    }
}
