using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

public sealed class SessionsResetDeleteTests
{
    [Fact]
    public async Task Reset_PersistentSession_IsRefused_AndNothingChanges()
    {
        await using var gw = await TestGateway.StartAsync();
        var created = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Keep me"));

        var reply = await gw.RequestAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("keep-me"));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, reply.Status);
        Assert.Equal(ErrorCode.SessionPersistent, reply.Error?.Code);
        Assert.Contains("persist", reply.Error!.Message, StringComparison.OrdinalIgnoreCase);
        var after = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("keep-me"))).Entry;
        Assert.Equal(created.SessionId, after.SessionId);
        Assert.Equal(1, after.Rev);
    }

    [Fact]
    public async Task Reset_NonPersistentSession_StartsNewGeneration()
    {
        await using var gw = await TestGateway.StartAsync();
        var created = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Scratch", Persistent: false));
        var oldId = created.SessionId;
        gw.Clock.Advance(TimeSpan.FromMinutes(5));

        var reset = await gw.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("scratch"));

        Assert.Equal(oldId, reset.PreviousSessionId);
        var entry = reset.Entry;
        Assert.NotEqual(oldId, entry.SessionId);
        Assert.Equal(2, entry.Rev);
        Assert.Equal(gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), entry.UpdatedAt);
        Assert.Equal("scratch", entry.Key);
    }

    [Fact]
    public async Task Reset_MainSession_WorksWhileNotPersistent()
    {
        await using var gw = await TestGateway.StartAsync();

        Assert.True((await gw.RequestAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("main"))).Ok);
        await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("main", Persistent: true));
        Assert.Equal(ErrorCode.SessionPersistent, (await gw.RequestAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("main"))).Error?.Code);
    }

    [Fact]
    public async Task Reset_UnknownSession_IsNotFound()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("nope"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, reply.Status);
        Assert.Equal(ErrorCode.NotFound, reply.Error?.Code);
    }

    [Fact]
    public async Task Delete_Main_IsProtected()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("main"));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, reply.Status);
        Assert.Equal(ErrorCode.SessionProtected, reply.Error?.Code);
        Assert.True((await gw.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams("main"))).Ok);
    }

    [Fact]
    public async Task Delete_PersistentSession_RemovesIt()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Gone soon"));

        var deleted = await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("gone-soon"));

        Assert.True(deleted.Deleted);
        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams("gone-soon"))).Error?.Code);
        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("gone-soon"))).Error?.Code);
        var list = await gw.CallAsync<SessionsListResult>("sessions.list");
        Assert.Equal(1, list.Total);
        Assert.DoesNotContain(list.Sessions, s => s.Key == "gone-soon");
    }

    [Fact]
    public async Task Delete_FreesTheLabelForReuse()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("work"));

        var again = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));

        Assert.Equal("work", again.Key);
    }
}
