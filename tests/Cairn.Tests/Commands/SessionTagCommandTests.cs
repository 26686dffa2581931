using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Commands;

/// <summary>/session tag [add|remove], /session pin and /session unpin on the current session.</summary>
public sealed class SessionTagCommandTests
{
    [Fact]
    public async Task Tag_AddListRemove_GoesThroughTheService()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Work");
        await using var ws = await gateway.ConnectWsAsync();

        var empty = await gateway.RunAsync("/session tag", session: "work");
        var added = await gateway.RunAsync("/session tag add Project X", session: "work");
        await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Patched && e.Key == "work" && e.Entry!.Tags.Contains("project-x"));
        var again = await gateway.RunAsync("/session tag add project-x", session: "work");
        await gateway.RunAsync("/session tag add urgent", session: "work");
        var listed = await gateway.RunAsync("/session tag", session: "work");
        var removed = await gateway.RunAsync("/session tag remove PROJECT-X", session: "work");

        Assert.Equal("'Work' has no tags. Add one with /session tag add <tag>.", empty.Reply);
        Assert.Equal("'Work' now has tags: project-x.", added.Reply);
        Assert.Equal("'Work' now has tags: project-x.", again.Reply);
        Assert.Equal("Tags of 'Work': project-x, urgent.", listed.Reply);
        Assert.Equal("'Work' now has tags: urgent.", removed.Reply);
        Assert.Equal(["urgent"], gateway.Session("work")!.Tags);
    }

    [Fact]
    public async Task Tag_BadTagOrUsage_IsExplained()
    {
        await using var gateway = await TestGateway.StartAsync();

        var bad = await gateway.RunAsync("/session tag add a/b");
        var noTag = await gateway.RunAsync("/session tag add");
        var verb = await gateway.RunAsync("/session tag rename x");

        Assert.StartsWith("'a/b' is not a valid tag: use 1 to 32 letters", bad.Reply, StringComparison.Ordinal);
        Assert.Equal("Usage: /session tag [add|remove <tag>]", noTag.Reply);
        Assert.Equal("Usage: /session tag [add|remove <tag>]", verb.Reply);
        Assert.Empty(gateway.Session("main")!.Tags);
    }

    [Fact]
    public async Task PinUnpin_MarkTheSession_AndTheListShowsIt()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Work");
        await gateway.RunAsync("/session tag add office", session: "work");

        var pin = await gateway.RunAsync("/session pin", session: "main");
        var twice = await gateway.RunAsync("/session pin", session: "main");
        var list = await gateway.RunAsync("/session list", session: "work");
        var info = await gateway.RunAsync("/session info", session: "main");
        var unpin = await gateway.RunAsync("/session unpin", session: "main");
        var notPinned = await gateway.RunAsync("/session unpin", session: "main");

        Assert.Equal("Pinned 'Main': it comes first in the session list.", pin.Reply);
        Assert.Equal("'Main' is pinned already.", twice.Reply);
        Assert.Contains("  1. Main (main) [pinned]\n  2. Work (work) [persistent] #office  <- current", list.Reply, StringComparison.Ordinal);
        Assert.Contains("\nPinned: yes (/session unpin)", info.Reply, StringComparison.Ordinal);
        Assert.Equal("Unpinned 'Main'.", unpin.Reply);
        Assert.Equal("'Main' is not pinned.", notPinned.Reply);
        Assert.False(gateway.Session("main")!.Pinned);
    }
}
