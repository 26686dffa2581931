using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Chat;

/// <summary>
/// axe-core, with its experimental rules on, finds no serious or critical violation on the chat with the sessions
/// sidebar and message actions (light, dark; mobile without the sidebar), the switcher, the sessions view, every
/// dialog and the palette. Each screen is also saved as a
/// screenshot under <c>artifacts/screens/</c> (the source of docs/images).
/// </summary>
public sealed class AccessibilityTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private const string Question = "How do I list files? Give **one** command and a table:\n\n```bash\nls -la ~/projects\n```\n\n| flag | meaning |\n|---|---|\n| -l | long |\n| -a | all |";

    [Fact]
    public Task ChatScreensAndDialogs_HaveNoSeriousViolations() => fixture.RunAsync(output, async ui =>
    {
        var key = await SessionWithConversationAsync("Project Notes");
        await ui.OpenAsync($"/chat?session={key}");
        await Expect(ui.Conversation.Locator("pre code .hljs-built_in, pre code .hljs-keyword").First).ToBeVisibleAsync();
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sessions sidebar" }).ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Sessions sidebar" }).GetByRole(AriaRole.Link).First).ToBeVisibleAsync();
        await CheckAsync(ui, "chat with the sidebar", "chat-desktop");

        await ui.OpenSwitcherAsync();
        await CheckAsync(ui, "the switcher's menu", "chat-switcher");
        await ui.Page.Locator("cairn-session-switcher").GetByRole(AriaRole.Button, new() { Name = "New session", Exact = true }).ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "New session" })).ToBeVisibleAsync();
        await CheckAsync(ui, "the create dialog", "create-dialog");
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Previous conversations" }).ClickAsync();
        var previous = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "Previous conversations" });
        await previous.GetByRole(AriaRole.Listitem).First.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Log, new() { NameRegex = new("^Earlier conversation") })).ToContainTextAsync("before the reset");
        await CheckAsync(ui, "a previous conversation", "previous-conversation");
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.Page.Keyboard.PressAsync("Control+k");
        await Expect(ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "Go to session" }).GetByRole(AriaRole.Option).First).ToBeVisibleAsync();
        await CheckAsync(ui, "the palette", "palette");
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.Conversation.FocusAsync();
        await ui.Page.Keyboard.PressAsync("Shift+?");
        await Expect(ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" })).ToBeVisibleAsync();
        await CheckAsync(ui, "the shortcuts sheet", "shortcuts");
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await CheckAsync(ui, "chat (dark)", "chat-dark");
        await ui.Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        await ui.Page.SetViewportSizeAsync(375, 812);
        await CheckAsync(ui, "chat (mobile)", "chat-mobile");
        await ui.Page.SetViewportSizeAsync(1280, 800);
    });

    [Fact]
    public Task SessionsViewAndItsDialogs_HaveNoSeriousViolations() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Scratchpad");
        await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label, Description: "Throwaway notes", Persistent: false));
        await ui.OpenAsync("/sessions");
        await Expect(ui.Row(label)).ToBeVisibleAsync();
        await CheckAsync(ui, "the sessions view", "sessions-view");

        await ui.Row(label).GetByRole(AriaRole.Button, new() { Name = $"Delete {label}" }).ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete “{label}”?" })).ToBeVisibleAsync();
        await CheckAsync(ui, "the delete confirmation", "delete-dialog");
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.Row(label).GetByRole(AriaRole.Button, new() { Name = $"Rename {label}" }).ClickAsync();
        await CheckAsync(ui, "a row being renamed", "sessions-rename");
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await CheckAsync(ui, "the sessions view (dark)", "sessions-dark");
        await ui.Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await ui.Page.SetViewportSizeAsync(375, 812);
        await CheckAsync(ui, "the sessions view (mobile)", "sessions-mobile");
    });

    private async Task<string> SessionWithConversationAsync(string label)
    {
        var api = fixture.Gateway.Api;
        var key = (await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(Names.Unique(label), Description: "Notes on the build", Persistent: false))).Key;
        await api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("this was before the reset", key, Wait: true));
        await api.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams(key));
        await api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(Question, key, Wait: true));
        await api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session info", key, Wait: true));
        await api.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(key, Persistent: true));
        return key;
    }

    private static async Task CheckAsync(Ui ui, string what, string screen)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts", "screens");
        Directory.CreateDirectory(dir);
        await ui.Page.ScreenshotAsync(new() { Path = Path.Combine(dir, screen + ".png") });
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, what);
    }
}
