using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Commands;

/// <summary>/session rename, delete (to the trash), persist and info.</summary>
public sealed class SessionManageTests
{
    [Fact]
    public async Task Rename_ChangesTheLabelOfTheCurrentSession_KeepingTheKey()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Work");
        await using var ws = await gateway.ConnectWsAsync();

        var result = await gateway.RunAsync("/session rename Arbeit ✓", session: "work");

        Assert.Equal("Renamed 'Work' to 'Arbeit ✓'; its key stays work.", result.Reply);
        Assert.Equal("Arbeit ✓", gateway.Session("work")!.Label);
        await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Patched && e.Key == "work");
    }

    [Fact]
    public async Task Rename_ToATakenName_OrNoName_IsRefused()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Work");
        await gateway.CreateAsync("Home");

        var taken = await gateway.RunAsync("/session rename HOME", session: "work");
        var empty = await gateway.RunAsync("/session rename", session: "work");

        Assert.Equal("A session named 'Home' already exists.", taken.Reply);
        Assert.Equal("Usage: /session rename <name>", empty.Reply);
        Assert.Equal("Work", gateway.Session("work")!.Label);
    }

    [Fact]
    public async Task Delete_TheCurrentSession_SwitchesToMain_AndRebindsThePeer()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.RunAsync("/session new Scratch", peer: "cli:ann");
        await gateway.RunAsync("/session persist off", session: "scratch", peer: "cli:ann");
        Assert.Equal("scratch", gateway.ActiveKey("cli:ann"));

        var result = await gateway.RunAsync("/session delete", session: "scratch", peer: "cli:ann");

        Assert.Equal("Moved 'Scratch' (scratch) to the trash with its messages. /session restore scratch brings it back " +
            "(until 2026-04-01 10:00 UTC, when it is purged for good). You are now in 'Main'.", result.Reply);
        Assert.Equal(new Cairn.Protocol.CommandAction("switch", "main"), result.Action);
        Assert.Null(gateway.Session("scratch"));
        Assert.NotNull(gateway.Service<Cairn.Store.SessionStore>().GetAny("scratch")!.TrashedAt);
        Assert.Equal("main", gateway.ActiveKey("cli:ann"));
    }

    [Fact]
    public async Task Delete_ThePersistentCurrentSession_NeedsItsName()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Diary");

        var bare = await gateway.RunAsync("/session delete", session: "diary");
        Assert.NotNull(gateway.Session("diary"));
        var named = await gateway.RunAsync("/session delete diary", session: "diary");

        Assert.Equal("'Diary' is persistent. To move it to the trash, name it: /session delete diary", bare.Reply);
        Assert.Null(bare.Action);
        Assert.Equal("main", named.Action!.Key);
        Assert.Null(gateway.Session("diary"));
    }

    [Fact]
    public async Task Delete_AnotherSessionByName_StaysHere()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Old Notes");
        await using var ws = await gateway.ConnectWsAsync();

        var result = await gateway.RunAsync("/session delete old notes");

        Assert.StartsWith("Moved 'Old Notes' (old-notes) to the trash with its messages. /session restore old-notes brings it back", result.Reply, StringComparison.Ordinal);
        Assert.Null(result.Action);
        Assert.Null(gateway.Session("old-notes"));
        await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Deleted && e.Key == "old-notes");
    }

    [Theory]
    [InlineData("/session delete", "main")]
    [InlineData("/session delete main", "work")]
    [InlineData("/session delete Main", "work")]
    public async Task Delete_Main_IsNeverAllowed(string text, string current)
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Work");

        var result = await gateway.RunAsync(text, session: current);

        Assert.Equal("The main session cannot be deleted.", result.Reply);
        Assert.Null(result.Action);
        Assert.NotNull(gateway.Session("main"));
    }

    [Fact]
    public async Task Delete_UnknownOrAmbiguous_DeletesNothing()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Work");
        await gateway.CreateAsync("Workshop");

        var unknown = await gateway.RunAsync("/session delete nowhere");
        var ambiguous = await gateway.RunAsync("/session delete wo");

        Assert.Equal("No session matches 'nowhere'. See /session list.", unknown.Reply);
        Assert.Contains("Workshop (workshop): /session delete workshop", ambiguous.Reply, StringComparison.Ordinal);
        Assert.Equal(3, gateway.Service<Cairn.Store.SessionStore>().Count());
    }

    [Fact]
    public async Task Persist_OnAndOff_ChangeTheFlag()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Scratch", persistent: false);

        var on = await gateway.RunAsync("/session persist ON", session: "scratch");
        Assert.True(gateway.Session("scratch")!.Persistent);
        var again = await gateway.RunAsync("/session persist on", session: "scratch");
        var off = await gateway.RunAsync("/session persist off", session: "scratch");

        Assert.Equal("'Scratch' is now persistent: /new, /reset and the reset policy leave it alone.", on.Reply);
        Assert.Equal("'Scratch' is already persistent.", again.Reply);
        Assert.Equal("'Scratch' is no longer persistent: /new, /reset and the reset policy (daily at 04:00) may start it over.", off.Reply);
        Assert.False(gateway.Session("scratch")!.Persistent);
    }

    [Theory]
    [InlineData("/session persist")]
    [InlineData("/session persist yes")]
    [InlineData("/session persist on now")]
    public async Task Persist_BadArgument_AnswersTheUsage(string text)
    {
        await using var gateway = await TestGateway.StartAsync();

        var result = await gateway.RunAsync(text);

        Assert.Equal("Usage: /session persist on|off", result.Reply);
        Assert.False(gateway.Session("main")!.Persistent);
    }

    [Fact]
    public async Task Info_DescribesTheCurrentSession()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Projekt Ärger", Description: "the hard one", Persistent: true));

        var result = await gateway.RunAsync("/session info", session: "projekt-arger");
        var extra = await gateway.RunAsync("/session info please", session: "projekt-arger");

        var entry = gateway.Session("projekt-arger")!;
        Assert.Equal(
            "Projekt Ärger (key projekt-arger)\nDescription: the hard one\nPersistent: yes: /new, /reset and the reset policy leave it alone\n" +
            "Kind: named, created by you\nMessages: 0 (0 tokens in, 0 out)\nContext: not measured yet (no reply in this conversation)\nCreated: 2026-03-02 10:00 UTC\nLast message: none yet\n" +
            $"Conversation id: {entry.SessionId}",
            result.Reply);
        Assert.Equal("Usage: /session info", extra.Reply);
    }
}
