using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Chat;

/// <summary>"Previous conversations": the generations a reset closed are listed from the chat and readable, read-only.</summary>
public sealed class PreviousConversationsTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task AResetConversation_IsListedAndReadable_FromTheChat() => fixture.RunAsync(output, async ui =>
    {
        var api = fixture.Gateway.Api;
        var label = Names.Unique("Diary");
        var key = (await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label, Persistent: false))).Key;
        await api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("the **old** plan", key, Wait: true));
        await api.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams(key));
        await ui.OpenAsync($"/chat?session={key}");
        await ui.SendAsync("the new plan");
        await Expect(ui.Conversation).Not.ToContainTextAsync("old");

        var open = ui.Page.GetByRole(AriaRole.Button, new() { Name = "Previous conversations" });
        await open.ClickAsync();
        var dialog = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "Previous conversations" });
        await Expect(dialog).ToBeVisibleAsync();
        var earlier = dialog.GetByRole(AriaRole.Listitem);
        await Expect(earlier).ToHaveCountAsync(1);
        await Expect(earlier).ToContainTextAsync("2 messages");

        await earlier.GetByRole(AriaRole.Button).ClickAsync();
        var transcript = ui.Page.GetByRole(AriaRole.Log, new() { Name = $"Earlier conversation in {label}" });
        await Expect(transcript).ToContainTextAsync("the **old** plan");
        await Expect(transcript.Locator("strong")).ToHaveTextAsync("old"); // the reply is Markdown, as in the chat
        await Expect(transcript).Not.ToContainTextAsync("the new plan");
        await Expect(ui.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);

        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(ui.Page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(open).ToBeFocusedAsync();
        await Expect(ui.Conversation).ToContainTextAsync("Echo: the new plan");
    });
}
