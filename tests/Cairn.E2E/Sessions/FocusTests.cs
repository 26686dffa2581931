using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>
/// Focus goes back to the control that opened a dialog or menu (or to the next sensible place when that control
/// is gone); the delete confirmation opens on Cancel; Escape closes. Keyboard only, as a keyboard user works.
/// </summary>
public sealed class FocusTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task CreateDialogFromTheSwitcher_ReturnsFocusToTheSwitcher_OrToTheNewSessionsComposer() => fixture.RunAsync(output, async ui =>
    {
        await ui.OpenAsync("/");
        await ui.OpenSwitcherAsync();
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(ui.Switcher).ToBeFocusedAsync();

        await ui.OpenSwitcherAsync();
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "New session", Exact = true }).ClickAsync();
        var dialog = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "New session" });
        await Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(ui.Switcher).ToBeFocusedAsync();

        var label = Names.Unique("Focus");
        await ui.OpenSwitcherAsync();
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "New session", Exact = true }).ClickAsync();
        await ui.Page.Keyboard.TypeAsync(label);
        await ui.Page.Keyboard.PressAsync("Enter");
        await ui.ExpectChatHeaderAsync(label);
        await Expect(ui.Composer).ToBeFocusedAsync();
    });

    [Fact]
    public Task SessionsView_DialogsAndRename_GiveFocusBack_AndDeleteOpensOnCancel() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Doomed");
        await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label, Persistent: false));
        await ui.OpenAsync("/sessions");
        await Expect(ui.Row(label)).ToBeVisibleAsync();

        var create = ui.Page.GetByRole(AriaRole.Button, new() { Name = "New Session" });
        await create.FocusAsync();
        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "New session" })).ToBeVisibleAsync();
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(create).ToBeFocusedAsync();

        var rename = ui.Row(label).GetByRole(AriaRole.Button, new() { Name = $"Rename {label}" });
        await rename.FocusAsync();
        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(ui.Page.GetByRole(AriaRole.Textbox, new() { Name = $"New name for {label}" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(rename).ToBeFocusedAsync();

        var toggle = ui.Row(label).GetByRole(AriaRole.Switch, new() { Name = $"Persistent: {label}" });
        await toggle.FocusAsync();
        await ui.Page.Keyboard.PressAsync("Space");
        await Expect(ui.Row(label)).ToContainTextAsync("Persistent");
        await Expect(toggle).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Space");
        await Expect(ui.Row(label)).ToContainTextAsync("Temporary");
        await Expect(toggle).ToBeFocusedAsync();

        var delete = ui.Row(label).GetByRole(AriaRole.Button, new() { Name = $"Delete {label}" });
        await delete.FocusAsync();
        await ui.Page.Keyboard.PressAsync("Enter");
        var confirm = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete “{label}”?" });
        await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Enter"); // a stray Enter cancels
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(delete).ToBeFocusedAsync();
        await Expect(ui.Row(label)).ToBeVisibleAsync();

        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(delete).ToBeFocusedAsync();

        await ui.Page.Keyboard.PressAsync("Enter");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Move to trash" }).ClickAsync();
        await Expect(ui.Row(label)).ToHaveCountAsync(0);
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Sessions" })).ToBeFocusedAsync();
    });

    [Fact]
    public Task SessionDeleteTypedInChat_LeavesFocusInTheComposerOfMain() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Gone");
        var key = (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label, Persistent: false))).Key;
        await ui.OpenAsync($"/chat?session={key}");
        await ui.Composer.FillAsync("/session delete");
        await ui.Composer.PressAsync("Enter");
        await ui.ExpectUrlAsync("/chat?session=main");
        await Expect(ui.Composer).ToBeEnabledAsync();
        await Expect(ui.Composer).ToBeFocusedAsync();
    });
}
