using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

public sealed class SessionsResetDeleteTests
{
    [Fact]
    public async Task Reset_PersistentSession_IsRefused_AndNothingChanges()
    {
        await using var gw = await TestGateway.StartAsync();
        var created = await gw.OkAsync("sessions.create", new { label = "Keep me" });

        var reply = await gw.CallAsync("sessions.reset", new { key = "keep-me" });

        Assert.Equal(System.Net.HttpStatusCode.Conflict, reply.Status);
        Assert.Equal("SESSION_PERSISTENT", reply.ErrorCode);
        Assert.Contains("persist", reply.Error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        var after = (await gw.OkAsync("sessions.get", new { key = "keep-me" })).GetProperty("entry");
        Assert.Equal(created.GetProperty("sessionId").GetString(), after.GetProperty("sessionId").GetString());
        Assert.Equal(1, after.GetProperty("rev").GetInt32());
    }

    [Fact]
    public async Task Reset_NonPersistentSession_StartsNewGeneration()
    {
        await using var gw = await TestGateway.StartAsync();
        var created = await gw.OkAsync("sessions.create", new { label = "Scratch", persistent = false });
        var oldId = created.GetProperty("sessionId").GetString();
        gw.Clock.Advance(TimeSpan.FromMinutes(5));

        var reset = await gw.OkAsync("sessions.reset", new { key = "scratch" });

        Assert.Equal(oldId, reset.GetProperty("previousSessionId").GetString());
        var entry = reset.GetProperty("entry");
        Assert.NotEqual(oldId, entry.GetProperty("sessionId").GetString());
        Assert.Equal(2, entry.GetProperty("rev").GetInt32());
        Assert.Equal(gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), entry.GetProperty("updatedAt").GetInt64());
        Assert.Equal("scratch", entry.GetProperty("key").GetString());
    }

    [Fact]
    public async Task Reset_MainSession_WorksWhileNotPersistent()
    {
        await using var gw = await TestGateway.StartAsync();

        Assert.True((await gw.CallAsync("sessions.reset", new { key = "main" })).Ok);
        await gw.OkAsync("sessions.patch", new { key = "main", persistent = true });
        Assert.Equal("SESSION_PERSISTENT", (await gw.CallAsync("sessions.reset", new { key = "main" })).ErrorCode);
    }

    [Fact]
    public async Task Reset_UnknownSession_IsNotFound()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.CallAsync("sessions.reset", new { key = "nope" });

        Assert.Equal(System.Net.HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("NOT_FOUND", reply.ErrorCode);
    }

    [Fact]
    public async Task Delete_Main_IsProtected()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.CallAsync("sessions.delete", new { key = "main" });

        Assert.Equal(System.Net.HttpStatusCode.Conflict, reply.Status);
        Assert.Equal("SESSION_PROTECTED", reply.ErrorCode);
        Assert.True((await gw.CallAsync("sessions.get", new { key = "main" })).Ok);
    }

    [Fact]
    public async Task Delete_PersistentSession_RemovesIt()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Gone soon" });

        var deleted = await gw.OkAsync("sessions.delete", new { key = "gone-soon" });

        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Equal("NOT_FOUND", (await gw.CallAsync("sessions.get", new { key = "gone-soon" })).ErrorCode);
        Assert.Equal("NOT_FOUND", (await gw.CallAsync("sessions.delete", new { key = "gone-soon" })).ErrorCode);
        var list = await gw.OkAsync("sessions.list");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.DoesNotContain(list.GetProperty("sessions").EnumerateArray(), s => s.GetProperty("key").GetString() == "gone-soon");
    }

    [Fact]
    public async Task Delete_FreesTheLabelForReuse()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Work" });
        await gw.OkAsync("sessions.delete", new { key = "work" });

        var again = await gw.OkAsync("sessions.create", new { label = "Work" });

        Assert.Equal("work", again.GetProperty("key").GetString());
    }
}
