using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

public sealed class SessionsCreateTests
{
    [Fact]
    public async Task Create_WithLabelOnly_SlugsKeyAndDefaultsToPersistent()
    {
        await using var gw = await TestGateway.StartAsync();

        var result = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("  Work Session  "));

        Assert.Equal("work-session", result.Key);
        var entry = result.Entry;
        Assert.Equal("Work Session", entry.Label);
        Assert.True(entry.Persistent);
        Assert.True(entry.UserCreated);
        Assert.Equal(SessionKind.Named, entry.Kind);
        Assert.Equal(1, entry.Rev);
        Assert.Equal(gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), entry.CreatedAt);
        Assert.Equal(result.SessionId, entry.SessionId);
        Assert.True(Guid.TryParse(result.SessionId, out _));

        var stored = await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("work-session"));
        Assert.Equal("Work Session", stored.Entry.Label);
    }

    [Fact]
    public async Task Create_SlugCollision_AppendsNumberSuffix()
    {
        await using var gw = await TestGateway.StartAsync();

        var first = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Project X"));
        var second = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Project-X"));
        var third = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("project x!"));

        Assert.Equal("project-x", first.Key);
        Assert.Equal("project-x-2", second.Key);
        Assert.Equal("project-x-3", third.Key);
    }

    [Theory]
    [InlineData("Café Crème", "cafe-creme")]
    [InlineData("日本語", "session")]
    [InlineData("Home", "home")]
    public async Task Create_UnicodeLabel_GetsAsciiSlugAndKeepsLabel(string label, string key)
    {
        await using var gw = await TestGateway.StartAsync();

        var result = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label));

        Assert.Equal(key, result.Key);
        Assert.Equal(label, result.Entry.Label);
    }

    [Fact]
    public async Task Create_LabelTakenCaseInsensitively_IsConflict()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));

        var reply = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("WORK"));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, reply.Status);
        Assert.Equal(ErrorCode.Conflict, reply.Error?.Code);
        Assert.Equal("label", reply.Error!.Detail<string>("field"));
        Assert.Equal(2, (await gw.CallAsync<SessionsListResult>("sessions.list")).Total);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\u0007b")]
    public async Task Create_BadLabel_IsInvalidRequestNamingLabel(string label)
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label));

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error?.Code);
        Assert.Equal("label", reply.Error!.Detail<string>("field"));
    }

    [Fact]
    public async Task Create_LabelOf65Characters_IsRefused_64Accepted()
    {
        await using var gw = await TestGateway.StartAsync();

        Assert.Equal(ErrorCode.InvalidRequest, (await gw.RequestAsync<SessionsCreateResult>("sessions.create", new { label = new string('x', 65) })).Error?.Code);
        Assert.True((await gw.RequestAsync<SessionsCreateResult>("sessions.create", new { label = new string('x', 64) })).Ok);
    }

    [Fact]
    public async Task Create_WithExplicitKey_UsesItOrRefusesInvalidAndTaken()
    {
        await using var gw = await TestGateway.StartAsync();

        var made = await gw.CallAsync<SessionsCreateResult>("sessions.create", new { label = "Home stuff", key = "home", description = "Groceries", persistent = false });
        Assert.Equal("home", made.Key);
        Assert.False(made.Entry.Persistent);
        Assert.Equal("Groceries", made.Entry.Description);

        var invalid = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new { label = "Other", key = "Not Valid" });
        Assert.Equal(ErrorCode.InvalidRequest, invalid.Error?.Code);
        Assert.Equal("key", invalid.Error!.Detail<string>("field"));

        var taken = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new { label = "Other", key = "main" });
        Assert.Equal(ErrorCode.Conflict, taken.Error?.Code);
        Assert.Equal("key", taken.Error!.Detail<string>("field"));
    }

    [Fact]
    public async Task Create_DescriptionOver500_IsRefused()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new { label = "x", description = new string('d', 501) });

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error?.Code);
        Assert.Equal("description", reply.Error!.Detail<string>("field"));
    }

    [Fact]
    public async Task Create_WithFeatureFlagOff_IsFeatureDisabled_AndExistingSessionsStayReadable()
    {
        using var dir = new TempDir();
        await using (var on = await TestGateway.StartAsync(dataDir: dir.Path))
        {
            await on.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        }

        await using var off = await TestGateway.StartAsync(c => c with { Session = c.Session with { NamedSessionsEnabled = false } }, dataDir: dir.Path);

        var reply = await off.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Another"));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal(ErrorCode.FeatureDisabled, reply.Error?.Code);
        Assert.Equal("Work", (await off.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("work"))).Entry.Label);
        Assert.Equal(2, (await off.CallAsync<SessionsListResult>("sessions.list")).Total);
        Assert.Equal(ErrorCode.FeatureDisabled, (await off.RequestAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("work", Persistent: false))).Error?.Code);
    }

    [Fact]
    public async Task MainSession_ExistsFromFirstStart()
    {
        await using var gw = await TestGateway.StartAsync();

        var main = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("main"))).Entry;

        Assert.Equal("Main", main.Label);
        Assert.Equal(SessionKind.Main, main.Kind);
        Assert.False(main.UserCreated);
    }
}
