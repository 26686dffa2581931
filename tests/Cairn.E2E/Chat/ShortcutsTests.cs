using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Chat;

/// <summary>Keyboard: Ctrl+K palette (search, switch), Ctrl+Shift+O new session, Alt+↑/↓ neighbours, ? sheet.</summary>
public sealed class ShortcutsTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task Palette_SearchesAndSwitches_AndEscapeGivesFocusBack() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Palette Target");
        var key = (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label))).Key;
        await ui.OpenAsync("/");
        await Expect(ui.Composer).ToBeFocusedAsync();

        await ui.Page.Keyboard.PressAsync("Control+k");
        var palette = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "Go to session" });
        var search = palette.GetByRole(AriaRole.Combobox, new() { Name = "Search sessions" });
        await Expect(search).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(palette).ToBeHiddenAsync();
        await Expect(ui.Composer).ToBeFocusedAsync();

        await ui.Page.Keyboard.PressAsync("Control+k");
        await search.FillAsync(label[..18]);
        await Expect(palette.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await Expect(palette.GetByRole(AriaRole.Option)).ToContainTextAsync(label);
        await ui.Page.Keyboard.PressAsync("Enter");
        await ui.ExpectUrlAsync($"/chat?session={key}");
        await ui.ExpectChatHeaderAsync(label);
        await Expect(ui.Composer).ToBeFocusedAsync();
    });

    [Fact]
    public Task NewSession_Neighbours_AndTheShortcutsSheet() => fixture.RunAsync(output, async ui =>
    {
        await ui.OpenAsync("/");
        await ui.Page.Keyboard.PressAsync("Control+Shift+O");
        var dialog = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "New session" });
        await Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name" })).ToBeFocusedAsync();
        var label = Names.Unique("Keyed");
        await ui.Page.Keyboard.TypeAsync(label);
        await ui.Page.Keyboard.PressAsync("Enter");
        await ui.ExpectChatHeaderAsync(label);

        // The switcher's order (latest activity first): the new session, then the others; Alt+↓ moves down it.
        var order = (await fixture.Gateway.Api.CallAsync<SessionsListResult>("sessions.list")).Sessions;
        Assert.Equal(label, order[0].Label);
        await ui.Page.Keyboard.PressAsync("Alt+ArrowDown");
        await ui.ExpectChatHeaderAsync(order[1].Label);
        await ui.Page.Keyboard.PressAsync("Alt+ArrowUp");
        await ui.ExpectChatHeaderAsync(label);

        await ui.Conversation.FocusAsync();
        await ui.Page.Keyboard.PressAsync("Shift+?");
        var sheet = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" });
        await Expect(sheet).ToContainTextAsync("Search sessions and switch");
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(sheet).ToBeHiddenAsync();
        await Expect(ui.Conversation).ToBeFocusedAsync();

        // In the message box, ? is just a character.
        await ui.Composer.FocusAsync();
        await ui.Page.Keyboard.PressAsync("Shift+?");
        await Expect(ui.Composer).ToHaveValueAsync("?");
        await Expect(sheet).ToBeHiddenAsync();
    });
}
