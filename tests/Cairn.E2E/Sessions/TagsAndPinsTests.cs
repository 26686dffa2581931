using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>
/// Tags and pins in the browser: a tag added in the sessions table with Enter and removed with Backspace, the tag filter
/// in the URL (kept by a reload), a pin from the row and from the chat's session menu putting the session first in the
/// table and the switcher with a pin icon; axe-core finds nothing serious.
/// </summary>
public sealed class TagsAndPinsTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task TagFilterAndPin_InTheSessionsView() => fixture.RunAsync(output, async ui =>
    {
        var api = fixture.Gateway.Api;
        var alpha = Names.Unique("Alpha");
        var beta = Names.Unique("Beta");
        await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(alpha));
        await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(beta));
        var tag = "proj-" + Guid.NewGuid().ToString("N")[..6];
        await ui.OpenAsync("/sessions");
        await Expect(ui.Page.GetByRole(AriaRole.Table)).ToHaveAttributeAsync("aria-busy", "false");

        // Enter adds a chip (normalised), Backspace in the empty input takes the last one back.
        var input = ui.Row(alpha).GetByRole(AriaRole.Textbox, new() { Name = $"Add a tag to {alpha}" });
        await input.FillAsync("Scratch Pad");
        await input.PressAsync("Enter");
        await Expect(ui.Row(alpha).GetByRole(AriaRole.Button, new() { Name = $"Remove tag scratch-pad from {alpha}" })).ToBeVisibleAsync();
        await input.PressAsync("Backspace");
        await Expect(ui.Row(alpha).GetByRole(AriaRole.Button, new() { Name = $"Remove tag scratch-pad from {alpha}" })).ToHaveCountAsync(0);
        await input.FillAsync(tag.ToUpperInvariant() + ",");
        await Expect(ui.Row(alpha).GetByRole(AriaRole.Button, new() { Name = $"Remove tag {tag} from {alpha}" })).ToBeVisibleAsync();

        // Pin from the row: first in the table, with a pin icon.
        var pin = ui.Row(alpha).GetByRole(AriaRole.Button, new() { Name = $"Pin {alpha}" });
        await pin.ClickAsync();
        await Expect(pin).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(ui.Row(alpha).GetByRole(AriaRole.Img, new() { Name = "Pinned" })).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("tbody tr").First).ToContainTextAsync(alpha);

        // The tag filter, in the URL, kept by a reload.
        var filter = ui.Page.GetByRole(AriaRole.Combobox, new() { Name = "Tag" });
        await filter.SelectOptionAsync(tag);
        await ui.ExpectUrlAsync($"/sessions?tag={tag}");
        await Expect(ui.Page.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(ui.Row(alpha)).ToBeVisibleAsync();
        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await Expect(ui.Page.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(filter).ToHaveValueAsync(tag);
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the sessions view filtered by a tag, with a pinned session");

        var listed = await api.CallAsync<SessionsListResult>("sessions.list", new { tags = new[] { tag } });
        Assert.Equal([alpha], listed.Sessions.Select(s => s.Label));
        Assert.True(listed.Sessions[0].Pinned);
    });

    [Fact]
    public Task PinFromTheChatMenu_PutsTheSessionFirstInTheSwitcher() => fixture.RunAsync(output, async ui =>
    {
        var api = fixture.Gateway.Api;
        var gamma = Names.Unique("Gamma");
        var key = (await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(gamma))).Key;
        await api.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(key, Tags: ["errands"]));
        await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(Names.Unique("Newer")));
        await ui.OpenAsync($"/chat?session={key}");
        await ui.ExpectChatHeaderAsync(gamma);

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Session actions" }).ClickAsync();
        await ui.Page.GetByRole(AriaRole.Menu, new() { Name = "Session actions" }).GetByRole(AriaRole.Menuitem, new() { Name = "Pin" }).ClickAsync();
        await Expect(ui.Toasts.Locator(".toast")).ToContainTextAsync($"Pinned “{gamma}”");

        await ui.OpenSwitcherAsync();
        var first = ui.Options.First;
        await Expect(first).ToContainTextAsync(gamma);
        await Expect(first).ToContainTextAsync("Pinned:");
        await Expect(first).ToContainTextAsync("Tags: errands");
        await Expect(first.Locator(".tag-chip")).ToHaveTextAsync("errands");
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the switcher with a pinned, tagged session");
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Session actions" }).ClickAsync();
        await ui.Page.GetByRole(AriaRole.Menu, new() { Name = "Session actions" }).GetByRole(AriaRole.Menuitem, new() { Name = "Unpin" }).ClickAsync();
        await Expect(ui.Toasts.Locator(".toast").Last).ToContainTextAsync($"Unpinned “{gamma}”");
        Assert.False((await api.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(key))).Entry.Pinned);
    });
}
