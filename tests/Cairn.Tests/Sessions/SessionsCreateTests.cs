using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

public sealed class SessionsCreateTests
{
    [Fact]
    public async Task Create_WithLabelOnly_SlugsKeyAndDefaultsToPersistent()
    {
        await using var gw = await TestGateway.StartAsync();

        var result = await gw.OkAsync("sessions.create", new { label = "  Work Session  " });

        Assert.Equal("work-session", result.GetProperty("key").GetString());
        var entry = result.GetProperty("entry");
        Assert.Equal("Work Session", entry.GetProperty("label").GetString());
        Assert.True(entry.GetProperty("persistent").GetBoolean());
        Assert.True(entry.GetProperty("userCreated").GetBoolean());
        Assert.Equal("named", entry.GetProperty("kind").GetString());
        Assert.Equal(1, entry.GetProperty("rev").GetInt32());
        Assert.Equal(gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), entry.GetProperty("createdAt").GetInt64());
        Assert.Equal(result.GetProperty("sessionId").GetString(), entry.GetProperty("sessionId").GetString());
        Assert.True(Guid.TryParse(result.GetProperty("sessionId").GetString(), out _));

        var stored = await gw.OkAsync("sessions.get", new { key = "work-session" });
        Assert.Equal("Work Session", stored.GetProperty("entry").GetProperty("label").GetString());
    }

    [Fact]
    public async Task Create_SlugCollision_AppendsNumberSuffix()
    {
        await using var gw = await TestGateway.StartAsync();

        var first = await gw.OkAsync("sessions.create", new { label = "Project X" });
        var second = await gw.OkAsync("sessions.create", new { label = "Project-X" });
        var third = await gw.OkAsync("sessions.create", new { label = "project x!" });

        Assert.Equal("project-x", first.GetProperty("key").GetString());
        Assert.Equal("project-x-2", second.GetProperty("key").GetString());
        Assert.Equal("project-x-3", third.GetProperty("key").GetString());
    }

    [Theory]
    [InlineData("Café Crème", "cafe-creme")]
    [InlineData("日本語", "session")]
    [InlineData("Home", "home")]
    public async Task Create_UnicodeLabel_GetsAsciiSlugAndKeepsLabel(string label, string key)
    {
        await using var gw = await TestGateway.StartAsync();

        var result = await gw.OkAsync("sessions.create", new { label });

        Assert.Equal(key, result.GetProperty("key").GetString());
        Assert.Equal(label, result.GetProperty("entry").GetProperty("label").GetString());
    }

    [Fact]
    public async Task Create_LabelTakenCaseInsensitively_IsConflict()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Work" });

        var reply = await gw.CallAsync("sessions.create", new { label = "WORK" });

        Assert.Equal(System.Net.HttpStatusCode.Conflict, reply.Status);
        Assert.Equal("CONFLICT", reply.ErrorCode);
        Assert.Equal("label", reply.Error.GetProperty("details").GetProperty("field").GetString());
        Assert.Equal(2, (await gw.OkAsync("sessions.list")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\u0007b")]
    public async Task Create_BadLabel_IsInvalidRequestNamingLabel(string label)
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.CallAsync("sessions.create", new { label });

        Assert.Equal("INVALID_REQUEST", reply.ErrorCode);
        Assert.Equal("label", reply.Error.GetProperty("details").GetProperty("field").GetString());
    }

    [Fact]
    public async Task Create_LabelOf65Characters_IsRefused_64Accepted()
    {
        await using var gw = await TestGateway.StartAsync();

        Assert.Equal("INVALID_REQUEST", (await gw.CallAsync("sessions.create", new { label = new string('x', 65) })).ErrorCode);
        Assert.True((await gw.CallAsync("sessions.create", new { label = new string('x', 64) })).Ok);
    }

    [Fact]
    public async Task Create_WithExplicitKey_UsesItOrRefusesInvalidAndTaken()
    {
        await using var gw = await TestGateway.StartAsync();

        var made = await gw.OkAsync("sessions.create", new { label = "Home stuff", key = "home", description = "Groceries", persistent = false });
        Assert.Equal("home", made.GetProperty("key").GetString());
        Assert.False(made.GetProperty("entry").GetProperty("persistent").GetBoolean());
        Assert.Equal("Groceries", made.GetProperty("entry").GetProperty("description").GetString());

        var invalid = await gw.CallAsync("sessions.create", new { label = "Other", key = "Not Valid" });
        Assert.Equal("INVALID_REQUEST", invalid.ErrorCode);
        Assert.Equal("key", invalid.Error.GetProperty("details").GetProperty("field").GetString());

        var taken = await gw.CallAsync("sessions.create", new { label = "Other", key = "main" });
        Assert.Equal("CONFLICT", taken.ErrorCode);
        Assert.Equal("key", taken.Error.GetProperty("details").GetProperty("field").GetString());
    }

    [Fact]
    public async Task Create_DescriptionOver500_IsRefused()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.CallAsync("sessions.create", new { label = "x", description = new string('d', 501) });

        Assert.Equal("INVALID_REQUEST", reply.ErrorCode);
        Assert.Equal("description", reply.Error.GetProperty("details").GetProperty("field").GetString());
    }

    [Fact]
    public async Task Create_WithFeatureFlagOff_IsFeatureDisabled_AndExistingSessionsStayReadable()
    {
        using var dir = new TempDir();
        await using (var on = await TestGateway.StartAsync(dataDir: dir.Path))
        {
            await on.OkAsync("sessions.create", new { label = "Work" });
        }

        await using var off = await TestGateway.StartAsync(c => c with { Session = c.Session with { NamedSessionsEnabled = false } }, dataDir: dir.Path);

        var reply = await off.CallAsync("sessions.create", new { label = "Another" });
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("FEATURE_DISABLED", reply.ErrorCode);
        Assert.Equal("Work", (await off.OkAsync("sessions.get", new { key = "work" })).GetProperty("entry").GetProperty("label").GetString());
        Assert.Equal(2, (await off.OkAsync("sessions.list")).GetProperty("total").GetInt32());
        Assert.Equal("FEATURE_DISABLED", (await off.CallAsync("sessions.patch", new { key = "work", persistent = false })).ErrorCode);
    }

    [Fact]
    public async Task MainSession_ExistsFromFirstStart()
    {
        await using var gw = await TestGateway.StartAsync();

        var main = (await gw.OkAsync("sessions.get", new { key = "main" })).GetProperty("entry");

        Assert.Equal("Main", main.GetProperty("label").GetString());
        Assert.Equal("main", main.GetProperty("kind").GetString());
        Assert.False(main.GetProperty("userCreated").GetBoolean());
    }
}
