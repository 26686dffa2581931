using System.Globalization;
using System.Text.RegularExpressions;
using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Chat;

/// <summary>
/// Message actions: a question and its reply show their time (the full date on keyboard focus), the reply its token
/// counts (also after a reload, from the transcript), and Copy puts the text as written on the clipboard.
/// </summary>
public sealed partial class MessageActionsTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task QuestionAndReply_ShowTheirTimeTokensAndCopy() => fixture.RunAsync(output, async ui =>
    {
        await ui.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var key = (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(Names.Unique("Actions")))).Key;
        await ui.OpenAsync($"/chat?session={key}");
        await ui.Composer.FillAsync("count **my** words");
        await ui.Composer.PressAsync("Enter");
        await Expect(ui.Conversation).ToContainTextAsync("Echo: count my words");
        var question = ui.Conversation.Locator("cairn-chat-message[role-name=user]").Last;
        var reply = ui.Conversation.Locator("cairn-chat-message[role-name=assistant]").Last;
        await Expect(reply.Locator(".tokens")).ToHaveTextAsync(TokenCounts());

        await reply.GetByRole(AriaRole.Button, new() { Name = "Copy reply" }).ClickAsync();
        await Expect(reply.GetByRole(AriaRole.Button, new() { Name = "Copied" })).ToBeVisibleAsync();
        Assert.StartsWith("Echo: count **my** words\n\n(offline echo model)", await ClipboardAsync(ui), StringComparison.Ordinal);
        var copyQuestion = question.GetByRole(AriaRole.Button, new() { Name = "Copy message" });
        await copyQuestion.ClickAsync();
        await Expect(question.GetByRole(AriaRole.Button, new() { Name = "Copied" })).ToBeVisibleAsync();
        Assert.Equal("count **my** words", await ClipboardAsync(ui));

        // The time is reached with the keyboard (Shift+Tab from the question's Copy) and then shows the full date.
        var when = question.Locator("time");
        const string After = "el => getComputedStyle(el, '::after').content";
        Assert.Equal("none", await when.EvaluateAsync<string>(After));
        await Expect(question.GetByRole(AriaRole.Button, new() { Name = "Copy message" })).ToBeVisibleAsync();
        await question.GetByRole(AriaRole.Button, new() { Name = "Copy message" }).FocusAsync();
        await ui.Page.Keyboard.PressAsync("Shift+Tab");
        await Expect(when).ToBeFocusedAsync();
        var full = await when.GetAttributeAsync("data-full") ?? "";
        var year = DateTimeOffset.Parse(await when.GetAttributeAsync("datetime") ?? "", CultureInfo.InvariantCulture).Year;
        Assert.Contains(year.ToString(CultureInfo.InvariantCulture), full, StringComparison.Ordinal);
        Assert.Equal($"\"{full}\"", await when.EvaluateAsync<string>(After));

        // After a reload the counts come from the stored transcript.
        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await Expect(reply.Locator(".tokens")).ToHaveTextAsync(TokenCounts());
        await Expect(question.Locator("time")).ToHaveAttributeAsync("data-full", full);
    });

    [Fact]
    public Task Regenerate_WritesAnotherReply_AndTheModelNoLongerSeesTheFirst() => fixture.RunAsync(output, async ui =>
    {
        var key = (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(Names.Unique("Again")))).Key;
        await ui.OpenAsync($"/chat?session={key}");
        await ui.SendAsync("pick a colour");
        var replies = ui.Conversation.Locator("cairn-chat-message[role-name=assistant]");
        await Expect(replies).ToHaveCountAsync(1);

        await replies.Last.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        await Expect(replies).ToHaveCountAsync(2);
        await Expect(replies.First).ToContainTextAsync("Replaced by the reply below");
        // The echo model counts what it was sent: the first reply was left out.
        await Expect(replies.Last).ToContainTextAsync("This is the first message of this conversation.");
        await Expect(ui.Conversation.GetByRole(AriaRole.Button, new() { Name = "Regenerate" })).ToHaveCountAsync(1);
        await Expect(replies.First.GetByRole(AriaRole.Button, new() { Name = "Regenerate" })).ToHaveCountAsync(0);

        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await Expect(replies).ToHaveCountAsync(2);
        await Expect(replies.First).ToContainTextAsync("Replaced by the reply below");
        await ui.SendAsync("and why");
        await Expect(replies.Last).ToContainTextAsync("This conversation has 2 earlier messages");
    });

    private static Task<string> ClipboardAsync(Ui ui) => ui.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()");

    [GeneratedRegex(@"^\d+ tokens? \(prompt [\d,.\u00a0\u202f]+\)$")]
    private static partial Regex TokenCounts();
}
