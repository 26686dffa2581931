using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Chat;

/// <summary>
/// Where the conversation is scrolled: at the latest message on open, pinned to the bottom while a reply streams
/// unless the user scrolled up, "Jump to latest", and earlier messages loading above without moving what is read.
/// </summary>
public sealed class ScrollingTests(ScriptedModelFixture fixture, ITestOutputHelper output) : IClassFixture<ScriptedModelFixture>
{
    private const string DistanceFromBottom = "el => el.scrollHeight - el.scrollTop - el.clientHeight";

    [Fact]
    public Task LongSession_OpensAtTheLatestMessage_AndEarlierMessagesLoadAboveWithoutMovingTheReader() => fixture.RunAsync(output, async ui =>
    {
        var key = await SessionWithTurnsAsync(Names.Unique("Long"), 150);

        await ui.OpenAsync($"/chat?session={key}");
        await Expect(LastBubble(ui, "reply 150")).ToBeInViewportAsync();
        await ExpectAtBottomAsync(ui);

        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await Expect(LastBubble(ui, "reply 150")).ToBeInViewportAsync();
        await ExpectAtBottomAsync(ui);
        await Expect(ui.Page.GetByRole(AriaRole.Button, new() { Name = "Jump to latest" })).ToHaveCountAsync(0);

        // Scrolling to the top of the loaded page (turns 101–150) loads turns 51–100 above it; the first
        // message that was loaded stays on screen and the new ones are above the fold.
        await ui.Conversation.HoverAsync();
        await ui.Page.Mouse.WheelAsync(0, -200_000);
        await Expect(ui.Conversation).ToContainTextAsync("message 51 ");
        await Expect(LastBubble(ui, "message 101 ")).ToBeInViewportAsync();
        await Expect(LastBubble(ui, "message 90 ")).Not.ToBeInViewportAsync();

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Jump to latest" }).ClickAsync();
        await Expect(LastBubble(ui, "reply 150")).ToBeInViewportAsync();
        await ExpectAtBottomAsync(ui);
    });

    [Fact]
    public Task StreamingReply_StaysPinnedToTheBottom_UntilTheUserScrollsUp() => fixture.RunAsync(output, async ui =>
    {
        var key = await SessionWithTurnsAsync(Names.Unique("Stream"), 5);
        await ui.OpenAsync($"/chat?session={key}");
        await ui.Composer.FillAsync("tell me a long story");
        await ui.Composer.PressAsync("Enter");
        var stop = ui.Page.GetByRole(AriaRole.Button, new() { Name = "Stop the reply" });
        await Expect(stop).ToBeVisibleAsync();
        try
        {
            await PinnedUntilScrolledUpAsync(ui, stop);
        }
        catch
        {
            fixture.Model.End(); // the next test's reply must not queue behind this one
            throw;
        }
    });

    private async Task PinnedUntilScrolledUpAsync(Ui ui, ILocator stop)
    {

        fixture.Model.Send(Lines("first", 40));
        await Expect(ui.Conversation).ToContainTextAsync("first 39");
        await ExpectAtBottomAsync(ui);
        fixture.Model.Send(Lines("second", 40));
        await Expect(ui.Conversation).ToContainTextAsync("second 39");
        await ExpectAtBottomAsync(ui);

        // The user scrolls up to read: new text no longer moves the page, and "Jump to latest" appears.
        await ui.Conversation.HoverAsync();
        await ui.Page.Mouse.WheelAsync(0, -600);
        var jump = ui.Page.GetByRole(AriaRole.Button, new() { Name = "Jump to latest" });
        await Expect(jump).ToBeVisibleAsync();
        var before = await ui.Conversation.EvaluateAsync<double>("el => el.scrollTop");
        fixture.Model.Send(Lines("third", 40));
        await Expect(ui.Conversation).ToContainTextAsync("third 39");
        Assert.Equal(before, await ui.Conversation.EvaluateAsync<double>("el => el.scrollTop"), 1.0);
        Assert.True(await ui.Conversation.EvaluateAsync<double>(DistanceFromBottom) > 200);

        await jump.ClickAsync();
        await ExpectAtBottomAsync(ui);
        await Expect(jump).ToHaveCountAsync(0);
        fixture.Model.Send(Lines("fourth", 40));
        await Expect(ui.Conversation).ToContainTextAsync("fourth 39");
        await ExpectAtBottomAsync(ui);
        fixture.Model.End();
        await Expect(stop).ToHaveCountAsync(0);
        await ExpectAtBottomAsync(ui);
    }

    /// <summary>A session with <paramref name="turns"/> question/answer pairs, made through the API.</summary>
    private async Task<string> SessionWithTurnsAsync(string label, int turns)
    {
        var api = fixture.Gateway.Api;
        var key = (await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label))).Key;
        for (var i = 1; i <= turns; i++)
        {
            fixture.Model.Send($"reply {i}");
            fixture.Model.End();
            var result = await api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams($"message {i} of the long session", key, Wait: true));
            Assert.Equal(SendStatus.Final, result.Status);
        }

        return key;
    }

    private static string Lines(string word, int count) => string.Concat(Enumerable.Range(0, count).Select(i => $"{word} {i}\n"));

    private static ILocator LastBubble(Ui ui, string text) => ui.Conversation.Locator("cairn-chat-message", new() { HasTextString = text }).Last;

    private static async Task ExpectAtBottomAsync(Ui ui)
    {
        var log = await ui.Conversation.ElementHandleAsync();
        await ui.Page.WaitForFunctionAsync($"el => ({DistanceFromBottom})(el) < 40", log);
    }
}
