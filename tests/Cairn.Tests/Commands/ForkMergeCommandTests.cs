using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Commands;

/// <summary>/session fork, /session merge (with --into, --sequential, --preview) and /session unmerge.</summary>
public sealed class ForkMergeCommandTests
{
    [Fact]
    public async Task Fork_CopiesThisConversation_AndSwitchesToTheFork()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Thesis");
        await gateway.SendAsync("thesis", "chapter one");

        var forked = await gateway.RunAsync("/session fork \"Thesis draft\"", session: "thesis", peer: "cli:ann");

        Assert.Equal("Forked this conversation (2 messages) into 'Thesis draft' (key thesis-draft) and switched to it; the original is unchanged.", forked.Reply);
        Assert.Equal(new CommandAction("switch", "thesis-draft"), forked.Action);
        Assert.Equal("thesis-draft", gateway.ActiveKey("cli:ann"));
        Assert.Equal(("thesis", 2L), (gateway.Session("thesis-draft")!.ForkedFrom!.Key, gateway.Session("thesis-draft")!.ForkedFrom!.Seq));
    }

    [Fact]
    public async Task Merge_ByName_PreviewsWritesNothing_ThenMergesSwitches_AndUnmergeTakesItBack()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Work notes");
        await gateway.CreateAsync("Home", persistent: false);
        await gateway.SendAsync("work-notes", "w1");
        await gateway.SendAsync("home", "h1");

        var preview = await gateway.RunAsync("/session merge \"work notes\" home --preview --sequential");
        Assert.Null(gateway.Session("work-notes-home"));
        var merged = await gateway.RunAsync("/session merge \"work notes\" home");
        var undone = await gateway.RunAsync("/session unmerge", session: "work-notes-home");

        Assert.Equal("Merge preview (nothing written): a new session 'Work notes + Home', 4 messages, by source.\n" +
            "  Work notes (work-notes): 2 messages, to be archived\n  Home (home): 2 messages, to be archived\n" +
            "  persistent differs: persistent if any source is.", preview.Reply);
        Assert.StartsWith("Merged: a new session 'Work notes + Home', 4 messages, by time.", merged.Reply, StringComparison.Ordinal);
        Assert.EndsWith("/session unmerge takes it back.", merged.Reply, StringComparison.Ordinal);
        Assert.Equal(new CommandAction("switch", "work-notes-home"), merged.Action);
        Assert.Equal("Took back the merge: 'Work notes + Home' (work-notes-home) is gone (it held only the 4 copied messages). Unarchived: work-notes, home.", undone.Reply);
        Assert.Equal(new CommandAction("switch", "work-notes"), undone.Action);
        Assert.Null(gateway.Session("work-notes-home"));
        Assert.False(gateway.Session("home")!.Archived);
    }

    [Fact]
    public async Task MergeInto_AndMistakes_SayWhat()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Work");
        await gateway.SendAsync("work", "w1");

        var usage = await gateway.RunAsync("/session merge work");
        var unknown = await gateway.RunAsync("/session merge work nope");
        var into = await gateway.RunAsync("/session merge work --into main");
        var nothing = await gateway.RunAsync("/session unmerge work");

        Assert.Equal("Usage: /session merge <a> <b> [--into x] [--sequential] [--preview]", usage.Reply);
        Assert.StartsWith("No session matches 'nope'.", unknown.Reply, StringComparison.Ordinal);
        Assert.StartsWith("Merged: into 'Main' (main), 2 messages, by time.\n  Work (work): 2 messages, archived", into.Reply, StringComparison.Ordinal);
        Assert.Equal(2, gateway.Session("main")!.MessageCount);
        Assert.Equal("No merge into 'Work' is left to undo.", nothing.Reply);
    }
}
