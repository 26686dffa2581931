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
    public async Task Delete_PersistentSession_MovesItToTheTrash_OutOfTheListAndOutOfReach()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Gone soon"));
        gw.Clock.Advance(TimeSpan.FromMinutes(1));

        var deleted = await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("gone-soon"));

        var now = gw.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.True(deleted.Deleted);
        Assert.True(deleted.Trashed);
        Assert.Equal(now, deleted.Entry.TrashedAt);
        Assert.Equal(now + (long)TimeSpan.FromDays(30).TotalMilliseconds, deleted.PurgeAt);
        var get = await gw.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams("gone-soon"));
        Assert.Equal(ErrorCode.NotFound, get.Error?.Code);
        Assert.Equal("trashed", get.Error!.Detail<string>("reason"));
        var again = await gw.RequestAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("gone-soon"));
        Assert.Equal(("trashed", ErrorCode.NotFound), (again.Error?.Detail<string>("reason"), again.Error?.Code));
        var list = await gw.CallAsync<SessionsListResult>("sessions.list");
        Assert.Equal(1, list.Total);
        Assert.DoesNotContain(list.Sessions, s => s.Key == "gone-soon");
    }

    [Fact]
    public async Task Delete_KeepsTheLabelAndKeyReserved_UntilPurged()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("work"));

        var sameLabel = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("WORK"));
        var sameKey = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Job", Key: "work"));
        var renamedOnto = await gw.RequestAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("main", Label: "work"));
        var slugged = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work!"));

        Assert.Equal(ErrorCode.Conflict, sameLabel.Error?.Code);
        Assert.Equal(("trashed", "label", "work"), (sameLabel.Error!.Detail<string>("reason"), sameLabel.Error.Detail<string>("field"), sameLabel.Error.Detail<string>("key")));
        Assert.Contains("in the trash", sameLabel.Error.Message, StringComparison.Ordinal);
        Assert.Equal(("trashed", "key"), (sameKey.Error?.Detail<string>("reason"), sameKey.Error?.Detail<string>("field")));
        Assert.Equal("trashed", renamedOnto.Error?.Detail<string>("reason"));
        Assert.Equal("work-2", slugged.Key);

        await gw.CallAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("work"));
        var afterPurge = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        Assert.Equal("work", afterPurge.Key);
    }
}
