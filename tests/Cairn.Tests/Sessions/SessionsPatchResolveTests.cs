using System.Text.Json;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

public sealed class SessionsPatchResolveTests
{
    [Fact]
    public async Task Patch_Rename_KeepsKey_AndBumpsRev()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Work" });

        var entry = (await gw.OkAsync("sessions.patch", new { key = "work", label = "Day job", description = "9 to 5" })).GetProperty("entry");

        Assert.Equal("work", entry.GetProperty("key").GetString());
        Assert.Equal("Day job", entry.GetProperty("label").GetString());
        Assert.Equal("9 to 5", entry.GetProperty("description").GetString());
        Assert.Equal(2, entry.GetProperty("rev").GetInt32());
    }

    [Fact]
    public async Task Patch_DescriptionNull_Clears_AbsentLeavesIt()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Work", description = "desc" });

        var kept = (await gw.OkAsync("sessions.patch", new { key = "work", persistent = false })).GetProperty("entry");
        Assert.Equal("desc", kept.GetProperty("description").GetString());

        var cleared = await gw.PostRawAsync("""{"method":"sessions.patch","params":{"key":"work","description":null}}""");
        Assert.True(cleared.Ok, cleared.ToString());
        Assert.False(cleared.Result.GetProperty("entry").TryGetProperty("description", out _));
    }

    [Fact]
    public async Task Patch_WrongExpectedRev_IsConflict_AndChangesNothing()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Work" });
        await gw.OkAsync("sessions.patch", new { key = "work", label = "Work 2", expectedRev = 1 });

        var stale = await gw.CallAsync("sessions.patch", new { key = "work", label = "Work 3", expectedRev = 1 });

        Assert.Equal("CONFLICT", stale.ErrorCode);
        Assert.Equal(2, stale.Error.GetProperty("details").GetProperty("rev").GetInt32());
        Assert.Equal("Work 2", (await gw.OkAsync("sessions.get", new { key = "work" })).GetProperty("entry").GetProperty("label").GetString());
    }

    [Fact]
    public async Task Patch_ToLabelOfAnotherSession_IsConflict_ButOwnLabelInOtherCaseIsFine()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Work" });
        await gw.OkAsync("sessions.create", new { label = "Home" });

        Assert.Equal("CONFLICT", (await gw.CallAsync("sessions.patch", new { key = "home", label = "work" })).ErrorCode);
        Assert.True((await gw.CallAsync("sessions.patch", new { key = "home", label = "HOME" })).Ok);
    }

    [Fact]
    public async Task Patch_NothingToChange_IsInvalidRequest()
    {
        await using var gw = await TestGateway.StartAsync();

        Assert.Equal("INVALID_REQUEST", (await gw.CallAsync("sessions.patch", new { key = "main" })).ErrorCode);
    }

    [Fact]
    public async Task Resolve_ByKeyLabelAndUniquePrefix_CaseInsensitive()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Project Apollo" });
        await gw.OkAsync("sessions.create", new { label = "Project Gemini" });
        await gw.OkAsync("sessions.create", new { label = "Home" });

        static string? Key(JsonElement r) => r.GetProperty("entry").GetProperty("key").GetString();
        Assert.Equal("home", Key(await gw.OkAsync("sessions.resolve", new { name = "home" })));
        Assert.Equal("project-apollo", Key(await gw.OkAsync("sessions.resolve", new { name = "PROJECT APOLLO" })));
        Assert.Equal("project-gemini", Key(await gw.OkAsync("sessions.resolve", new { name = "project g" })));

        var ambiguous = await gw.CallAsync("sessions.resolve", new { name = "proj" });
        Assert.Equal("CONFLICT", ambiguous.ErrorCode);
        Assert.Equal(2, ambiguous.Error.GetProperty("details").GetProperty("candidates").GetArrayLength());

        Assert.Equal("NOT_FOUND", (await gw.CallAsync("sessions.resolve", new { name = "zzz" })).ErrorCode);
    }
}
