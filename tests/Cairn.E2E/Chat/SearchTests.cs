using System.Text.RegularExpressions;
using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Chat;

/// <summary>
/// Ctrl+K finds a message far up in another session (issue 17): the hit shows with its word marked, Enter opens that
/// session scrolled to the message, highlighted and focused; Back and Forward keep working; axe-core on the palette.
/// </summary>
public sealed class SearchTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task Palette_FindsAnOldMessage_AndEnterOpensItsSessionScrolledToIt() => fixture.RunAsync(output, async ui =>
    {
        var api = fixture.Gateway.Api;
        var word = "inv" + Random.Shared.Next(10_000_000, 99_999_999);
        var label = Names.Unique("Accounts");
        var key = (await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label))).Key;
        await api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams($"Please pay invoice {word} by Friday; the late fee is 5%.", key, Wait: true));
        for (var i = 1; i <= 150; i++)
            await api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams($"later message {i}", key, Wait: true));
        var other = (await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(Names.Unique("Elsewhere")))).Key;

        await ui.OpenAsync($"/chat?session={other}");
        await ui.Page.Keyboard.PressAsync("Control+k");
        var palette = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "Go to session or message" });
        await palette.GetByRole(AriaRole.Combobox, new() { Name = "Search sessions and messages" }).FillAsync(word);

        var messages = palette.GetByRole(AriaRole.Group, new() { Name = "Messages" }).GetByRole(AriaRole.Option);
        await Expect(messages.First).ToContainTextAsync(label);
        await Expect(messages.First.Locator("mark").First).ToHaveTextAsync(word);
        await Expect(palette.GetByRole(AriaRole.Group, new() { Name = "Sessions" })).ToHaveCountAsync(0);
        await Expect(messages.First).ToHaveAttributeAsync("aria-selected", "true");
        await SaveScreenAsync(ui, "palette-messages");
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the palette with message hits");

        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(palette).ToBeHiddenAsync();
        await Expect(ui.Page).ToHaveURLAsync(new Regex($@"/chat\?session={Regex.Escape(key)}&msg=[12]$"));
        await ui.ExpectChatHeaderAsync(label);
        await ExpectShownAsync(ui, word);
        await SaveScreenAsync(ui, "chat-found-message");

        // The message is far up: the latest one is out of view, the rest of history loaded above the first page.
        await Expect(ui.Conversation.Locator("cairn-chat-message", new() { HasTextString = "later message 150" }).Last).Not.ToBeInViewportAsync();

        await ui.Page.GoBackAsync();
        await ui.ExpectUrlAsync($"/chat?session={other}");
        await Expect(ui.Conversation.Locator("cairn-chat-message[highlighted]")).ToHaveCountAsync(0);
        await ui.Page.GoForwardAsync();
        await ExpectShownAsync(ui, word);
    });

    [Fact]
    public Task Palette_ShowsABadQueryInline_AndNoMessagesFound() => fixture.RunAsync(output, async ui =>
    {
        await ui.OpenAsync("/");
        await ui.Page.Keyboard.PressAsync("Control+k");
        var palette = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "Go to session or message" });
        var search = palette.GetByRole(AriaRole.Combobox, new() { Name = "Search sessions and messages" });
        await search.FillAsync("\"late fee");
        await Expect(palette.GetByRole(AriaRole.Alert)).ToContainTextAsync("never closed");
        await search.FillAsync("qqnothingmatchesthis" + Random.Shared.Next());
        await Expect(palette.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "No messages found" })).ToBeVisibleAsync();
        await Expect(palette.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    });

    /// <summary>The highlighted message holds the word, is on screen and has the focus (screen readers read it).</summary>
    private static async Task ExpectShownAsync(Ui ui, string word)
    {
        var found = ui.Conversation.Locator("cairn-chat-message[highlighted]");
        await Expect(found).ToHaveCountAsync(1);
        await Expect(found).ToContainTextAsync(word);
        await Expect(found).ToBeInViewportAsync();
        await Expect(found).ToBeFocusedAsync();
    }

    private static async Task SaveScreenAsync(Ui ui, string screen)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts", "screens");
        Directory.CreateDirectory(dir);
        await ui.Page.ScreenshotAsync(new() { Path = Path.Combine(dir, screen + ".png") });
    }
}
