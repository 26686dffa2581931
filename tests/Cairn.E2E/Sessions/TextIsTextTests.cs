using Cairn.E2E.Support;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>Markup typed by a user (a session label, a description, a chat message) is shown as text, never run.</summary>
public sealed class TextIsTextTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task MarkupInLabelDescriptionAndMessage_RendersLiterally_AndRunsNothing() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("<img src=x onerror=alert(1)>");
        const string description = "<script>alert(2)</script><b>bold?</b>";
        const string message = "<script>alert(3)</script><img src=x onerror=alert(4)> & \"quotes\"";

        await ui.OpenAsync("/");
        await ui.CreateSessionAsync(label, description);
        await Expect(ui.Switcher).ToContainTextAsync(label);
        await Expect(ui.Page.GetByText(description, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(ui.Toasts).ToContainTextAsync($"Created session “{label}”.");

        await ui.SendAsync(message);
        await Expect(ui.Conversation.GetByText(message, new() { Exact = true })).ToBeVisibleAsync();

        await ui.OpenSwitcherAsync();
        await Expect(ui.Option(label)).ToContainTextAsync(label);
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.OpenSessionsViewAsync();
        await Expect(ui.Row(label)).ToContainTextAsync(description);

        // Reload and go back to the conversation: history from the server is rendered the same way.
        await ui.Page.ReloadAsync();
        await ui.Row(label).GetByRole(AriaRole.Link, new() { Name = label }).ClickAsync();
        await Expect(ui.Conversation.GetByText(message, new() { Exact = true })).ToBeVisibleAsync();

        await Expect(ui.Page.Locator("img[src='x']")).ToHaveCountAsync(0);
        await Expect(ui.Page.Locator("b", new() { HasTextString = "bold?" })).ToHaveCountAsync(0);
        Assert.Empty(ui.Dialogs);
    });
}
