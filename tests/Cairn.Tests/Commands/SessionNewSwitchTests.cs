using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Commands;

/// <summary>/session new and /session switch: creation, every way of naming a session, ambiguity, peers.</summary>
public sealed class SessionNewSwitchTests
{
    [Fact]
    public async Task New_CreatesAPersistentSession_SwitchesToIt_AndAnnouncesIt()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var ws = await gateway.ConnectWsAsync();

        var result = await gateway.RunAsync("/session new Work Session");

        Assert.Equal("session new", result.Name);
        Assert.Equal("Created 'Work Session' (key work-session, persistent) and switched to it.", result.Reply);
        Assert.Equal(new Cairn.Protocol.CommandAction("switch", "work-session"), result.Action);
        var entry = gateway.Session("work-session")!;
        Assert.True(entry.Persistent);
        Assert.True(entry.UserCreated);
        var changed = await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Created);
        Assert.Equal("work-session", changed.Key);
    }

    [Fact]
    public async Task New_UnicodeName_KeepsTheLabel_AndSlugsTheKey()
    {
        await using var gateway = await TestGateway.StartAsync();

        var result = await gateway.RunAsync("/session new \"Café ☕ Über\"");

        Assert.Equal(new Cairn.Protocol.CommandAction("switch", "cafe-uber"), result.Action);
        Assert.Equal("Café ☕ Über", gateway.Session("cafe-uber")!.Label);
        Assert.Equal("cafe-uber", (await gateway.RunAsync("/session switch café ☕ über")).Action!.Key);
        Assert.Equal("cafe-uber", (await gateway.RunAsync("/session switch CAF")).Action!.Key);
    }

    [Theory]
    [InlineData("/session new")]
    [InlineData("/session new   ")]
    [InlineData("/session new \"\"")]
    public async Task New_WithoutAName_AnswersTheUsage(string text)
    {
        await using var gateway = await TestGateway.StartAsync();

        var result = await gateway.RunAsync(text);

        Assert.Equal("Usage: /session new <name> [--template <t>]", result.Reply);
        Assert.Null(result.Action);
        Assert.Equal(1, gateway.Service<Cairn.Store.SessionStore>().Count());
    }

    [Fact]
    public async Task New_TakenOrTooLongName_IsRefusedWithTheReason()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Work");

        var taken = await gateway.RunAsync("/session new work");
        var tooLong = await gateway.RunAsync("/session new " + new string('x', 65));

        Assert.Equal("A session named 'Work' already exists. Switch to it with /session switch work.", taken.Reply);
        Assert.Null(taken.Action);
        Assert.Equal("A session name must be 1 to 64 characters.", tooLong.Reply);
        Assert.Equal(2, gateway.Service<Cairn.Store.SessionStore>().Count());
    }

    [Theory]
    [InlineData("project-x", "project-x")]
    [InlineData("Project X", "project-x")]
    [InlineData("proj", "project-x")]
    [InlineData("HOME", "home")]
    public async Task Switch_ByKeyLabelOrUniquePrefix(string name, string key)
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Project X");
        await gateway.CreateAsync("Home");

        var result = await gateway.RunAsync($"/session switch {name}");

        Assert.Equal("session switch", result.Name);
        Assert.Equal(new Cairn.Protocol.CommandAction("switch", key), result.Action);
        Assert.StartsWith("Switched to '", result.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switch_AmbiguousPrefix_ListsTheCandidates_AndDoesNotSwitch()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Work");
        await gateway.CreateAsync("Workshop");
        await gateway.CreateAsync("Home");

        var result = await gateway.RunAsync("/session switch wor", peer: "cli:ann");

        Assert.Null(result.Action);
        Assert.StartsWith("'wor' matches more than one session. Which one?", result.Reply, StringComparison.Ordinal);
        Assert.Contains("Work (work): /session switch work", result.Reply, StringComparison.Ordinal);
        Assert.Contains("Workshop (workshop): /session switch workshop", result.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Home", result.Reply, StringComparison.Ordinal);
        Assert.Equal("main", gateway.ActiveKey("cli:ann"));
        Assert.Equal("work", (await gateway.RunAsync("/session switch work")).Action!.Key);
    }

    [Fact]
    public async Task Switch_UnknownName_OrNoName()
    {
        await using var gateway = await TestGateway.StartAsync();

        var unknown = await gateway.RunAsync("/session switch nowhere");
        var empty = await gateway.RunAsync("/session switch");

        Assert.Equal("No session matches 'nowhere'. See /session list.", unknown.Reply);
        Assert.Null(unknown.Action);
        Assert.Equal("Usage: /session switch <name|key|number>", empty.Reply);
    }

    [Fact]
    public async Task Switch_ByNumber_UsesTheLastListOfThatPeer()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Alpha");
        gateway.Clock.Advance(TimeSpan.FromSeconds(1));
        await gateway.CreateAsync("Beta");

        var beforeList = await gateway.RunAsync("/session switch 2", peer: "cli:ann");
        var list = await gateway.RunAsync("/session list", peer: "cli:ann");
        gateway.Clock.Advance(TimeSpan.FromSeconds(1));
        await gateway.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("alpha", Description: "moves alpha to the top of the list"));
        var byNumber = await gateway.RunAsync("/session switch 2", peer: "cli:ann");
        var otherPeer = await gateway.RunAsync("/session switch 2", peer: "cli:bob");

        Assert.Equal("No session matches '2'. Numbers refer to your last /session list; run it first.", beforeList.Reply);
        Assert.Contains("  2. Alpha (alpha)", list.Reply, StringComparison.Ordinal);
        Assert.Equal("alpha", byNumber.Action!.Key);
        Assert.Equal("alpha", gateway.ActiveKey("cli:ann"));
        Assert.Null(otherPeer.Action);
        Assert.Equal("main", gateway.ActiveKey("cli:bob"));
    }

    [Fact]
    public async Task Switch_ToTheCurrentSession_SaysSo()
    {
        await using var gateway = await TestGateway.StartAsync();

        var result = await gateway.RunAsync("/session switch main");

        Assert.Equal("Already in 'Main' (main).", result.Reply);
        Assert.Equal("main", result.Action!.Key);
    }

    [Fact]
    public async Task Switch_WithPeer_IsStored_AndSurvivesAGatewayRestart()
    {
        using var dir = new TempDir();
        await using (var first = await TestGateway.StartAsync(dataDir: dir.Path))
        {
            await first.CreateAsync("Garden Plans");
            var result = await first.RunAsync("/session switch garden", peer: "cli:ann");
            Assert.Equal("garden-plans", result.Action!.Key);
            Assert.Equal("garden-plans", first.ActiveKey("cli:ann"));
            Assert.Equal("main", first.ActiveKey("cli:bob"));
        }

        await using var second = await TestGateway.StartAsync(dataDir: dir.Path);
        Assert.Equal("garden-plans", second.ActiveKey("cli:ann"));
        Assert.Equal("main", second.ActiveKey("cli:bob"));
    }

    [Fact]
    public async Task New_WithPeer_BindsThePeer_ButWithoutPeer_OnlyReturnsTheAction()
    {
        await using var gateway = await TestGateway.StartAsync();

        await gateway.RunAsync("/session new Reading", peer: "telegram:42");
        var web = await gateway.RunAsync("/session new Writing", surface: "web");

        Assert.Equal("reading", gateway.ActiveKey("telegram:42"));
        Assert.Equal("writing", web.Action!.Key);
        Assert.Equal(1, gateway.Service<Cairn.Store.PeerBindingStore>().Count());
    }
}
