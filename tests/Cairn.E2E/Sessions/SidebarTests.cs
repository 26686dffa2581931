using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>
/// The optional sessions sidebar: off at first, toggled from the header and remembered across reloads; persistent
/// sessions first, then the rest by recency; its links switch sessions; hidden on a phone, where the switcher is;
/// axe-core finds nothing serious; its toasts cover no control at 1440×900.
/// </summary>
public sealed class SidebarTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task Sidebar_IsToggledAndRemembered_ListsPersistentFirst_AndSwitches() => fixture.RunAsync(output, async ui =>
    {
        var api = fixture.Gateway.Api;
        var kept = Names.Unique("Kept");
        var scratch = Names.Unique("Scratch");
        await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(kept, Persistent: true));
        var scratchKey = (await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(scratch, Persistent: false))).Key;
        await ui.Page.SetViewportSizeAsync(1440, 900);
        await ui.OpenAsync("/chat?session=main");

        var sidebar = ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Sessions sidebar" });
        var toggle = ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sessions sidebar" });
        await Expect(sidebar).ToHaveCountAsync(0);
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        await toggle.ClickAsync();
        await Expect(sidebar).ToBeVisibleAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");

        // Persistent first (the newer temporary one comes after), the open session marked.
        var links = sidebar.GetByRole(AriaRole.Link);
        await Expect(links.Filter(new() { HasTextString = scratch })).ToHaveCountAsync(1);
        var labels = (await sidebar.Locator(".label").AllTextContentsAsync()).ToList();
        Assert.True(labels.IndexOf(kept) < labels.IndexOf(scratch), string.Join(", ", labels));
        await Expect(sidebar.Locator("a[aria-current=page]")).ToContainTextAsync("Main");
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the chat with the sidebar");

        await links.Filter(new() { HasTextString = scratch }).ClickAsync();
        await ui.ExpectUrlAsync($"/chat?session={scratchKey}");
        await ui.ExpectChatHeaderAsync(scratch);
        await Expect(sidebar.Locator("a[aria-current=page]")).ToContainTextAsync(scratch);

        // Remembered across a reload; hidden on a phone (the switcher is there); off stays off.
        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await Expect(sidebar).ToBeVisibleAsync();
        await ui.Page.SetViewportSizeAsync(375, 812);
        await Expect(sidebar).ToBeHiddenAsync();
        await Expect(toggle).ToBeHiddenAsync();
        await Expect(ui.Switcher).ToBeVisibleAsync();
        await ui.Page.SetViewportSizeAsync(1440, 900);
        await toggle.ClickAsync();
        await Expect(sidebar).ToHaveCountAsync(0);
        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(sidebar).ToHaveCountAsync(0);
    });

    [Fact]
    public Task NewSessionFromTheSidebar_OpensIt_AndItsToastCoversNoControl() => fixture.RunAsync(output, async ui =>
    {
        await ui.Page.SetViewportSizeAsync(1440, 900);
        await ui.OpenAsync("/chat?session=main");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sessions sidebar" }).ClickAsync();
        var sidebar = ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Sessions sidebar" });
        await sidebar.GetByRole(AriaRole.Button, new() { Name = "New session" }).ClickAsync();
        var label = Names.Unique("From the sidebar");
        var dialog = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "New session" });
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name" }).FillAsync(label);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create session" }).ClickAsync();
        await ui.ExpectChatHeaderAsync(label);
        await Expect(sidebar.Locator("a[aria-current=page]")).ToContainTextAsync(label);

        var toast = ui.Toasts.Locator(".toast");
        await Expect(toast).ToContainTextAsync($"Created session “{label}”.");
        await Layout.ExpectNotCoveredAsync(toast, ui.Switcher, ui.Composer, sidebar.GetByRole(AriaRole.Button, new() { Name = "New session" }),
            ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sessions sidebar" }), ui.Page.GetByRole(AriaRole.Button, new() { Name = "Previous conversations" }));
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts", "screens");
        Directory.CreateDirectory(dir);
        await ui.Page.ScreenshotAsync(new() { Path = Path.Combine(dir, "chat-sidebar.png") });
    });
}
