using System.Text.RegularExpressions;
using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>
/// Issue 16's UI: archive (out of the switcher, in the Archived filter, a banner with Unarchive), the trash (a delete's
/// Undo brings the session back with its messages and URL; the Trash view's Restore and Delete forever), share links
/// (opened without the token, 404 once revoked) and export (a download named as the gateway says). axe-core on the
/// new menu, dialogs and views.
/// </summary>
public sealed class LifecycleTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task Archive_LeavesTheSwitcher_IsInTheArchivedFilter_ShowsABanner_AndUnarchives() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Shelf");
        var key = await CreateWithMessagesAsync(label, "kept for later");
        await ui.OpenAsync($"/chat?session={key}");
        await ui.ExpectChatHeaderAsync(label);

        await OpenMenuAsync(ui);
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the session actions menu");
        await ui.Page.GetByRole(AriaRole.Menuitem, new() { Name = "Archive" }).ClickAsync();
        await Expect(ui.Toasts).ToContainTextAsync($"Archived “{label}”");
        var banner = ui.Page.Locator("cairn-chat-view .archived");
        await Expect(banner).ToContainTextAsync("takes no new messages");
        await Expect(ui.Composer).ToHaveAttributeAsync("placeholder", "Archived: unarchive to send messages (commands still work)");

        // A message is refused, with the way out; nothing is written.
        await ui.Composer.FillAsync("are you still there?");
        await ui.Composer.PressAsync("Enter");
        await Expect(ui.Toasts).ToContainTextAsync("This session is archived");
        Assert.Equal(2, (await GetAsync(key)).Entry.MessageCount);

        await ui.OpenSwitcherAsync();
        await Expect(ui.Option("Main")).ToHaveCountAsync(1);
        await Expect(ui.Option(label)).ToHaveCountAsync(0);
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.OpenAsync("/sessions?filter=archived");
        await Expect(ui.Page.GetByRole(AriaRole.Button, new() { Name = "Archived" })).ToHaveAttributeAsync("aria-pressed", "true");
        await ui.Row(label).GetByRole(AriaRole.Link, new() { Name = label }).ClickAsync();
        await ui.ExpectUrlAsync($"/chat?session={key}");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(ui.Conversation).ToContainTextAsync("Echo: kept for later");

        await banner.GetByRole(AriaRole.Button, new() { Name = "Unarchive" }).ClickAsync();
        await Expect(banner).ToHaveCountAsync(0);
        await ui.SendAsync("back in use");
        await ui.OpenSwitcherAsync();
        await Expect(ui.Option(label)).ToHaveCountAsync(1);
        Assert.False((await GetAsync(key)).Entry.Archived);
    });

    [Fact]
    public Task DeleteFromTheChat_UndoInTheToast_BringsItBackWithMessagesAndUrl() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Oops");
        var key = await CreateWithMessagesAsync(label, "an important thought");
        await ui.OpenAsync($"/chat?session={key}");
        await ui.ExpectChatHeaderAsync(label);

        await OpenMenuAsync(ui);
        await ui.Page.GetByRole(AriaRole.Menuitem, new() { Name = "Delete…" }).ClickAsync();
        var confirm = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete “{label}”?" });
        await Expect(confirm).ToContainTextAsync("goes to the trash");
        await Expect(confirm).Not.ToContainTextAsync("cannot be undone");
        await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the delete confirmation in the chat");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Move to trash" }).ClickAsync();

        await ui.ExpectUrlAsync("/chat?session=main");
        await Expect(ui.Toasts).ToContainTextAsync($"Moved “{label}” to the trash. You are back on Main.");
        await ui.OpenSwitcherAsync();
        await Expect(ui.Option(label)).ToHaveCountAsync(0);
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.Toasts.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await ui.ExpectUrlAsync($"/chat?session={key}");
        await ui.ExpectChatHeaderAsync(label);
        await Expect(ui.Conversation).ToContainTextAsync("Echo: an important thought");
        Assert.False((await GetAsync(key)).Entry.Trashed);
    });

    [Fact]
    public Task TrashView_SaysHowLongItKeeps_Restores_AndDeletesForeverAfterAConfirmation() => fixture.RunAsync(output, async ui =>
    {
        var back = Names.Unique("Rescued");
        var gone = Names.Unique("Done with");
        var backKey = await CreateWithMessagesAsync(back, "worth keeping");
        var goneKey = await CreateWithMessagesAsync(gone, "not worth keeping");
        await fixture.Gateway.Api.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams(backKey));
        await fixture.Gateway.Api.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams(goneKey));

        await ui.OpenAsync("/sessions");
        await Expect(ui.Row(back)).ToHaveCountAsync(0);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Trash" }).ClickAsync();
        await ui.ExpectUrlAsync("/sessions?filter=trash");
        await Expect(ui.Page.Locator("#trash-note")).ToContainTextAsync("kept for 30 days");
        await Expect(ui.Row(back)).ToBeVisibleAsync();
        await Expect(ui.Row(gone)).ToBeVisibleAsync();
        // A session in the trash has no chat to open and no persistence to change: no link, no switch.
        await Expect(ui.Row(gone).GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        await Expect(ui.Row(gone).GetByRole(AriaRole.Switch)).ToHaveCountAsync(0);
        await ui.Page.ReloadAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Button, new() { Name = "Trash" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(ui.Row(gone)).ToBeVisibleAsync();
        await ScreenAsync(ui, "sessions-trash");
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the Trash view");

        await ui.Row(back).GetByRole(AriaRole.Button, new() { Name = $"Restore {back}" }).ClickAsync();
        await Expect(ui.Row(back)).ToHaveCountAsync(0);
        await Expect(ui.Toasts).ToContainTextAsync($"Restored “{back}”.");
        Assert.Equal(2, (await GetAsync(backKey)).Entry.MessageCount);

        var purge = ui.Row(gone).GetByRole(AriaRole.Button, new() { Name = $"Delete forever {gone}" });
        await purge.ClickAsync();
        var confirm = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete forever “{gone}”?" });
        await Expect(confirm).ToContainTextAsync("cannot be undone");
        await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the Delete forever confirmation");
        await ui.Page.Keyboard.PressAsync("Enter"); // a stray Enter cancels
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(ui.Row(gone)).ToBeVisibleAsync();

        await purge.ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete forever" }).ClickAsync();
        await Expect(ui.Row(gone)).ToHaveCountAsync(0);
        await Expect(ui.Page.GetByText("The trash is empty.")).ToBeVisibleAsync();
        var restore = await fixture.Gateway.Api.RequestAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams(goneKey));
        Assert.Equal(ErrorCode.NotFound, restore.Error?.Code);
    });

    [Fact]
    public Task ShareLink_OpensWithoutTheToken_AndAnswers404OnceRevoked() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Shared");
        var key = await CreateWithMessagesAsync(label, "a recipe for scones");
        await ui.OpenAsync($"/chat?session={key}");
        await ui.ExpectChatHeaderAsync(label);

        await OpenMenuAsync(ui);
        await ui.Page.GetByRole(AriaRole.Menuitem, new() { Name = "Share link…" }).ClickAsync();
        var dialog = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Share “{label}”" });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Spinbutton, new() { Name = "Expires after (days)" }).FillAsync("7");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        var link = dialog.GetByRole(AriaRole.Textbox, new() { Name = "Share link" });
        await Expect(link).ToHaveValueAsync(new Regex("/s/[A-Za-z0-9_-]{43}$"));
        await Expect(dialog).ToContainTextAsync("only where the gateway is reachable");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = false })).ToHaveCountAsync(1);
        await ScreenAsync(ui, "share-dialog");
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the share dialog");
        var url = await link.InputValueAsync();

        var reader = await ui.Page.Context.Browser!.NewPageAsync();
        try
        {
            var page = await reader.GotoAsync(url);
            Assert.Equal(200, page!.Status);
            await Expect(reader.GetByText("Echo: a recipe for scones")).ToBeVisibleAsync();

            await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Revoke") }).ClickAsync();
            await Expect(dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Revoke") })).ToHaveCountAsync(0);
            var revoked = await reader.GotoAsync(url);
            Assert.Equal(404, revoked!.Status);
        }
        finally
        {
            await reader.CloseAsync();
        }
    });

    [Fact]
    public Task Export_DownloadsMarkdownAndJson_WithTheGatewaysFilename() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Exported");
        var key = await CreateWithMessagesAsync(label, "take this home");
        await ui.OpenAsync($"/chat?session={key}");
        await ui.ExpectChatHeaderAsync(label);

        foreach (var (item, format) in new[] { ("Export as Markdown", ExportFormat.Md), ("Export as JSON", ExportFormat.Json) })
        {
            var expected = await fixture.Gateway.Api.CallAsync<SessionsExportResult>("sessions.export", new SessionsExportParams(key, format));
            await OpenMenuAsync(ui);
            var download = await ui.Page.RunAndWaitForDownloadAsync(() =>
                ui.Page.GetByRole(AriaRole.Menuitem, new() { Name = item }).ClickAsync());
            Assert.Equal(expected.Filename, download.SuggestedFilename);
            var path = await download.PathAsync();
            var content = await File.ReadAllTextAsync(path);
            Assert.Contains("Echo: take this home", content, StringComparison.Ordinal);
        }
    });

    private static async Task OpenMenuAsync(Ui ui)
    {
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Session actions" }).ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Menu, new() { Name = "Session actions" })).ToBeVisibleAsync();
    }

    private static async Task ScreenAsync(Ui ui, string screen)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts", "screens");
        Directory.CreateDirectory(dir);
        await ui.Page.ScreenshotAsync(new() { Path = Path.Combine(dir, screen + ".png") });
    }

    private Task<SessionEntryResult> GetAsync(string key) =>
        fixture.Gateway.Api.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(key));

    private async Task<string> CreateWithMessagesAsync(string label, string message)
    {
        var key = (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label, Persistent: false))).Key;
        await fixture.Gateway.Api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(message, key, Wait: true));
        return key;
    }
}
