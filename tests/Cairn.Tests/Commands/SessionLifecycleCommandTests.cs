using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Commands;

/// <summary>/session archive, unarchive, restore and export, and what /session list says about the sessions it leaves out.</summary>
public sealed class SessionLifecycleCommandTests
{
    [Fact]
    public async Task ArchiveTheCurrentSession_MovesToMain_AndUnarchiveListsThenBringsItBack()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Thesis");

        var archived = await gateway.RunAsync("/session archive", session: "thesis", peer: "cli:ann");
        var listed = await gateway.RunAsync("/session unarchive");
        var list = await gateway.RunAsync("/session list");
        var switched = await gateway.RunAsync("/session switch thesis");
        var back = await gateway.RunAsync("/session unarchive thes");
        var none = await gateway.RunAsync("/session unarchive");

        Assert.Equal("Archived 'Thesis' (thesis): out of the list, kept whole. /session unarchive thesis brings it back. You are now in 'Main'.", archived.Reply);
        Assert.Equal(new CommandAction("switch", "main"), archived.Action);
        Assert.Equal("main", gateway.ActiveKey("cli:ann"));
        Assert.Equal("Archived sessions (1):\n  Thesis (thesis)\nUnarchive one with /session unarchive <name>.", listed.Reply);
        Assert.EndsWith("\nNot listed: 1 archived (/session unarchive lists them).", list.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Thesis", list.Reply.Split('\n')[1], StringComparison.Ordinal);
        Assert.Equal("Switched to 'Thesis' (thesis). It is archived: it takes no new messages until /session unarchive thesis.", switched.Reply);
        Assert.Equal("Unarchived 'Thesis' (thesis): it is back in the list and takes messages again.", back.Reply);
        Assert.Equal("No session is archived.", none.Reply);
        Assert.False(gateway.Session("thesis")!.Archived);
    }

    [Fact]
    public async Task Archive_Main_OrTwice_SaysWhy()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Work");
        await gateway.RunAsync("/session archive work");

        var main = await gateway.RunAsync("/session archive");
        var twice = await gateway.RunAsync("/session archive work");
        var notArchived = await gateway.RunAsync("/session unarchive main");

        Assert.Equal("The main session cannot be archived.", main.Reply);
        Assert.Equal("'Work' is archived already.", twice.Reply);
        Assert.Equal("'Main' is not archived.", notArchived.Reply);
    }

    [Fact]
    public async Task Restore_ListsTheTrash_AndBringsASessionBack()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Recipes");
        await gateway.CreateAsync("Old Notes");
        await gateway.SendAsync("recipes", "pancakes");
        await gateway.RunAsync("/session delete recipes");
        await gateway.RunAsync("/session delete old notes");

        var listed = await gateway.RunAsync("/session restore");
        var list = await gateway.RunAsync("/session list");
        var gone = await gateway.RunAsync("/session switch recipes");
        var restored = await gateway.RunAsync("/session restore Recipes");
        var notTrashed = await gateway.RunAsync("/session restore recipes");
        var unknown = await gateway.RunAsync("/session restore nothing-like-it");

        Assert.Equal("In the trash (2):\n  Old Notes (old-notes), deleted 2026-03-02 10:00 UTC, purged 2026-04-01 10:00 UTC\n" +
            "  Recipes (recipes), deleted 2026-03-02 10:00 UTC, purged 2026-04-01 10:00 UTC\nRestore one with /session restore <name>.", listed.Reply);
        Assert.EndsWith("\nNot listed: 2 in the trash (/session restore lists them).", list.Reply, StringComparison.Ordinal);
        Assert.StartsWith("'Recipes' (recipes) is in the trash. Restore it to use it again.", gone.Reply, StringComparison.Ordinal);
        Assert.Equal("Restored 'Recipes' (recipes) from the trash with its 2 messages. Switch to it with /session switch recipes.", restored.Reply);
        Assert.StartsWith("'Recipes' is not in the trash.", notTrashed.Reply, StringComparison.Ordinal);
        Assert.StartsWith("No session matches 'nothing-like-it'.", unknown.Reply, StringComparison.Ordinal);
        Assert.Null(gateway.Session("recipes")!.TrashedAt);
        Assert.NotNull(gateway.Service<SessionStore>().GetAny("old-notes")!.TrashedAt);
    }

    [Fact]
    public async Task Export_SaysWhereToGetTheFile_AndPastesNothingOfTheConversation()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Garden");
        await gateway.SendAsync("garden", "tomatoes or beans?");

        var markdown = await gateway.RunAsync("/session export", session: "garden");
        var json = await gateway.RunAsync("/session export main json", session: "garden");
        var unknown = await gateway.RunAsync("/session export nowhere md", session: "garden");

        Assert.Equal("'Garden' (garden) as Markdown to read: every conversation of it (1). A chat cannot hand over a file; get it with\n" +
            "  cairn export garden --format md -o garden.md\n" +
            "or the API: sessions.export {\"key\": \"garden\", \"format\": \"md\"} (its result's content is the file).", markdown.Reply);
        Assert.DoesNotContain("tomatoes", markdown.Reply, StringComparison.Ordinal);
        Assert.Contains("'Main' (main) as JSON that loses nothing", json.Reply, StringComparison.Ordinal);
        Assert.Contains("cairn export main --format json -o main.json", json.Reply, StringComparison.Ordinal);
        Assert.Equal("No session matches 'nowhere'. See /session list.", unknown.Reply);
    }

    [Fact]
    public async Task Export_OverChatSend_KeepsTheConversationOutOfItsOwnTranscript()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.SendAsync("main", "a secret recipe");

        var reply = await gateway.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session export", "main"));

        Assert.Equal(SendStatus.Command, reply.Status);
        var rows = await gateway.AllRowsAsync("main");
        Assert.Single(rows, r => r.Text.Contains("a secret recipe", StringComparison.Ordinal) && r.Role == MessageRoles.User);
        Assert.DoesNotContain(rows, r => r.Role == MessageRoles.Notice && r.Text.Contains("secret", StringComparison.Ordinal));
    }
}
