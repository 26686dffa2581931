using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>
/// Issue 18's fork and merge in the browser: "Fork from here" on a message opens a fork holding the conversation up to
/// it, whose header links back to the message; ticking two sessions in the sessions view, "Merge…" shows the preview,
/// Merge writes the merged session and archives the sources, and the toast's Undo takes it all back. axe-core on the
/// Merge dialog.
/// </summary>
public sealed class ForkMergeTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task ForkFromHere_OpensTheFork_UpToThatMessage_WithALinkBack() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Trip");
        var key = await CreateWithMessagesAsync(label, "first plan", "second plan");
        await ui.OpenAsync($"/chat?session={key}");
        await ui.ExpectChatHeaderAsync(label);

        // The reply to the first question is seq 2: the fork keeps it and the first question, not the second turn.
        var firstReply = ui.Page.Locator("cairn-chat-message[data-seq='2']");
        await firstReply.GetByRole(AriaRole.Button, new() { Name = "Fork from here" }).ClickAsync();

        await Expect(ui.Toasts).ToContainTextAsync("with 2 messages; the original is unchanged");
        await ui.ExpectChatHeaderAsync($"{label} (fork)");
        await Expect(ui.Conversation).ToContainTextAsync("Echo: first plan");
        await Expect(ui.Conversation).Not.ToContainTextAsync("second plan");
        var back = ui.Page.Locator("cairn-forked-from").GetByRole(AriaRole.Link, new() { Name = $"{label} #2" });
        await Expect(ui.Page.Locator("cairn-forked-from")).ToContainTextAsync($"Forked from {label} #2");
        await back.ClickAsync();
        await ui.ExpectUrlAsync($"/chat?session={key}&msg=2");
        await Expect(ui.Conversation).ToContainTextAsync("second plan");
    });

    [Fact]
    public Task MergeFromTheSessionsView_ShowsThePreview_Merges_AndUndoTakesItBack() => fixture.RunAsync(output, async ui =>
    {
        var a = Names.Unique("Notes");
        var b = Names.Unique("Ideas");
        var keyA = await CreateWithMessagesAsync(a, "note one");
        var keyB = await CreateWithMessagesAsync(b, "idea one");
        await ui.OpenAsync("/sessions");
        await Expect(ui.Page.GetByRole(AriaRole.Table)).ToHaveAttributeAsync("aria-busy", "false");

        await ui.Page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {a}" }).CheckAsync();
        await ui.Page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {b}" }).FocusAsync();
        await ui.Page.Keyboard.PressAsync("Space");
        await Expect(ui.Page.GetByRole(AriaRole.Region, new() { Name = "Selected sessions" })).ToContainTextAsync("2 sessions selected");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Merge…" }).ClickAsync();

        var dialog = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "Merge 2 sessions" });
        await Expect(dialog).ToContainTextAsync($"4 messages into a new session “{a} + {b}”");
        await Expect(dialog).ToContainTextAsync("#1 note one");
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the Merge dialog");
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "One session after another" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name of the merged session" }).FillAsync(Names.Unique("Both"));
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name of the merged session" }).PressAsync("Tab");
        await Expect(dialog).ToContainTextAsync("4 messages into a new session “Both");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();

        await Expect(ui.Toasts).ToContainTextAsync("Merged 2 sessions into “Both");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(ui.Row(a)).ToHaveCountAsync(0);
        Assert.True((await GetAsync(keyA)).Entry.Archived);

        await ui.Toasts.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Expect(ui.Toasts).ToContainTextAsync("undone; 2 sessions are back in the list");
        await Expect(ui.Row(a)).ToHaveCountAsync(1);
        await Expect(ui.Row(b)).ToHaveCountAsync(1);
        Assert.False((await GetAsync(keyB)).Entry.Archived);
    });

    private Task<SessionEntryResult> GetAsync(string key) =>
        fixture.Gateway.Api.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(key));

    private async Task<string> CreateWithMessagesAsync(string label, params string[] messages)
    {
        var key = (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label))).Key;
        foreach (var message in messages)
        {
            await fixture.Gateway.Api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(message, key, Wait: true));
        }

        return key;
    }
}
