using System.Text.RegularExpressions;
using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Commands;

/// <summary>Seed scenario 7: session commands typed in the chat box drive the URL and the header.</summary>
public sealed partial class SlashCommandTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task SessionNewListSwitch_TypedInChat_MoveTheUrlAndHeader() => fixture.RunAsync(output, async ui =>
    {
        var garden = Names.Unique("Garden");
        var attic = Names.Unique("Attic");
        await ui.OpenAsync("/chat?session=main");
        await ui.ExpectChatHeaderAsync("Main");

        await TypeCommandAsync(ui, $"/session new {garden}");
        await ui.ExpectChatHeaderAsync(garden);
        var gardenKey = KeyIn(ui.Page.Url);
        // The command's reply stays in view after the switch, as a toast.
        await Expect(ui.Toasts).ToContainTextAsync($"Created '{garden}'");
        await Expect(ui.Switcher).ToContainTextAsync("Persistent");
        await ui.SendAsync("tomatoes need sun");

        await TypeCommandAsync(ui, $"/session new {attic}");
        await ui.ExpectChatHeaderAsync(attic);
        var atticKey = KeyIn(ui.Page.Url);
        Assert.NotEqual(gardenKey, atticKey);

        await TypeCommandAsync(ui, "/session list");
        await Expect(ui.Conversation).ToContainTextAsync($"{garden} ({gardenKey})");
        await Expect(ui.Conversation).ToContainTextAsync("Main (main)");
        await ui.ExpectUrlAsync($"/chat?session={atticKey}");
        var listed = string.Join("\n", await ui.Conversation.Locator(".text").AllTextContentsAsync());
        var gardenNumber = ListNumber(listed, gardenKey);

        await TypeCommandAsync(ui, "/session switch main");
        await ui.ExpectUrlAsync("/chat?session=main");
        await ui.ExpectChatHeaderAsync("Main");
        await Expect(ui.Conversation).Not.ToContainTextAsync("tomatoes");

        await TypeCommandAsync(ui, $"/session switch {garden}");
        await ui.ExpectUrlAsync($"/chat?session={gardenKey}");
        await ui.ExpectChatHeaderAsync(garden);
        await Expect(ui.Conversation).ToContainTextAsync("Echo: tomatoes need sun");

        await TypeCommandAsync(ui, $"/session switch {atticKey}");
        await ui.ExpectUrlAsync($"/chat?session={atticKey}");
        await TypeCommandAsync(ui, $"/session switch {gardenNumber}");
        await ui.ExpectUrlAsync($"/chat?session={gardenKey}");
        await ui.ExpectChatHeaderAsync(garden);

        // Every switch pushed history: Back walks the same way back.
        await ui.Page.GoBackAsync();
        await ui.ExpectUrlAsync($"/chat?session={atticKey}");
        await ui.ExpectChatHeaderAsync(attic);
        await ui.Page.GoBackAsync();
        await ui.ExpectUrlAsync($"/chat?session={gardenKey}");
        await ui.Page.GoBackAsync();
        await ui.ExpectUrlAsync("/chat?session=main");
    });

    [Fact]
    public Task ResetTypedInChat_IsRefusedForAPersistentSession_AndClearsATemporaryOne() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Diary");
        var key = (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label))).Key;
        await ui.OpenAsync($"/chat?session={key}");
        await ui.SendAsync("dear diary");

        await TypeCommandAsync(ui, "/reset");
        await Expect(ui.Conversation).ToContainTextAsync("is persistent, so it cannot be reset");
        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await Expect(ui.Conversation).ToContainTextAsync("Echo: dear diary");

        await TypeCommandAsync(ui, "/session persist off");
        await Expect(ui.Switcher).Not.ToContainTextAsync("Persistent");
        await TypeCommandAsync(ui, "/reset");
        await Expect(ui.Conversation).Not.ToContainTextAsync("Echo: dear diary");
        var history = await fixture.Gateway.Api.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams(key));
        Assert.DoesNotContain(history.Messages, m => m.Text.Contains("dear diary", StringComparison.Ordinal));
    });

    [Fact]
    public Task SwitchCommands_LeaveNoNoteAtTheEndOfTheSessionLeft() => fixture.RunAsync(output, async ui =>
    {
        var shed = Names.Unique("Shed");
        await ui.OpenAsync("/chat?session=main");
        await ui.SendAsync("before the switch");

        await TypeCommandAsync(ui, $"/session new {shed}");
        await ui.ExpectChatHeaderAsync(shed);
        await Expect(ui.Toasts).ToContainTextAsync($"Created '{shed}'");
        var shedKey = KeyIn(ui.Page.Url);
        await ui.SendAsync("in the shed");
        await TypeCommandAsync(ui, "/session switch main");
        await ui.ExpectChatHeaderAsync("Main");
        await Expect(ui.Toasts).ToContainTextAsync("Switched to 'Main'");

        // Main ends with its own conversation, not with the command that left it; so does the shed, after a reload.
        await Expect(ui.Conversation.Locator("cairn-chat-message").Last).ToContainTextAsync("Echo: before the switch");
        await Expect(ui.Conversation).Not.ToContainTextAsync($"/session new {shed}");
        await ui.OpenAsync($"/chat?session={shedKey}");
        await Expect(ui.Conversation.Locator("cairn-chat-message").Last).ToContainTextAsync("Echo: in the shed");
        await Expect(ui.Conversation).Not.ToContainTextAsync("Switched to");
    });

    /// <summary>Types a command and waits until the gateway's reply is on screen (the input clears).</summary>
    private static async Task TypeCommandAsync(Ui ui, string command)
    {
        await ui.Composer.FillAsync(command);
        await ui.Composer.PressAsync("Enter");
        await Expect(ui.Composer).ToHaveValueAsync("");
    }

    private static string KeyIn(string url) => Uri.UnescapeDataString(new Uri(url).Query.Split('=')[1]);

    private static string ListNumber(string listing, string key)
    {
        var match = Regex.Match(listing, @"(\d+)\. [^\n]*\(" + Regex.Escape(key) + @"\)");
        Assert.True(match.Success, $"{key} is not in the listing:\n{listing}");
        return match.Groups[1].Value;
    }
}
