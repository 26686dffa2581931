using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Chat;

/// <summary>
/// Replies render as Markdown (bold, lists, tables, highlighted code with a Copy button, safe links), also while
/// they stream; HTML and script URLs in a reply stay inert.
/// </summary>
public sealed class MarkdownTests(ScriptedModelFixture fixture, ITestOutputHelper output) : IClassFixture<ScriptedModelFixture>
{
    private const string Reply = """
        Here is **the plan**:

        - first step
        - second step

        | tool | use |
        |------|-----|
        | hammer | nails |

        ```csharp
        public static int Answer() => 42; // the answer
        ```

        See [the docs](https://example.org/docs).
        """;

    [Fact]
    public Task Reply_RendersAsMarkdown_WhileStreamingAndAfter_WithHighlightedCodeAndCopy() => fixture.RunAsync(output, async ui =>
    {
        await ui.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var key = await NewSessionAsync("Markdown");
        await ui.OpenAsync($"/chat?session={key}");
        await ui.Composer.FillAsync("a plan please");
        await ui.Composer.PressAsync("Enter");
        var stop = ui.Page.GetByRole(AriaRole.Button, new() { Name = "Stop the reply" });
        await Expect(stop).ToBeVisibleAsync();

        // Half a reply, cut inside the code fence: what has arrived is already formatted.
        var cut = Reply.IndexOf("=> 42", StringComparison.Ordinal);
        fixture.Model.Send(Reply[..cut]);
        var reply = ui.Conversation.Locator("cairn-chat-message").Last;
        await Expect(reply.Locator("strong")).ToHaveTextAsync("the plan");
        await Expect(reply.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Expect(reply.Locator("pre code")).ToContainTextAsync("public static int Answer()");

        fixture.Model.Send(Reply[cut..]);
        fixture.Model.End();
        await Expect(stop).ToHaveCountAsync(0);
        await Expect(reply.GetByRole(AriaRole.Columnheader, new() { Name = "tool" })).ToBeVisibleAsync();
        await Expect(reply.GetByRole(AriaRole.Cell, new() { Name = "hammer" })).ToBeVisibleAsync();
        await Expect(reply.Locator("pre code .hljs-keyword").First).ToHaveTextAsync("public");
        await Expect(reply.Locator("pre code .hljs-comment")).ToHaveTextAsync("// the answer");
        var link = reply.GetByRole(AriaRole.Link, new() { Name = "the docs" });
        await Expect(link).ToHaveAttributeAsync("href", "https://example.org/docs");
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");

        var copy = reply.GetByRole(AriaRole.Button, new() { Name = "Copy csharp code" });
        await copy.ClickAsync();
        await Expect(copy).ToHaveTextAsync("Copied");
        Assert.Equal("public static int Answer() => 42; // the answer",
            await ui.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // The same after a reload, from the stored transcript.
        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await Expect(reply.Locator("pre code .hljs-comment")).ToHaveTextAsync("// the answer");
        await Expect(reply.Locator("strong")).ToHaveTextAsync("the plan");
    });

    [Fact]
    public Task XssPayloadInAReply_IsShownAsText_AndRunsNothing() => fixture.RunAsync(output, async ui =>
    {
        const string payload =
            "<img src=x onerror=alert(1)> <script>alert(2)</script> [click](javascript:alert(3)) " +
            "<svg onload=alert(4)></svg> ![pic](javascript:alert(5)) <a href=\"javascript:alert(6)\">a</a>";
        var key = await NewSessionAsync("Xss");
        fixture.Model.Send(payload);
        fixture.Model.End();
        await fixture.Gateway.Api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hi", key, Wait: true));

        await ui.OpenAsync($"/chat?session={key}");
        var reply = ui.Conversation.Locator("cairn-chat-message").Last;
        await Expect(reply).ToContainTextAsync("<img src=x onerror=alert(1)> <script>alert(2)</script>");
        await Expect(reply).ToContainTextAsync("<svg onload=alert(4)></svg>");
        // In the reply's text (the message's own Copy button has an icon).
        await Expect(reply.Locator(".markdown").Locator("img, script, svg")).ToHaveCountAsync(0);
        await Expect(reply.Locator("a[href^='javascript' i]")).ToHaveCountAsync(0);
        await reply.GetByText("click").ClickAsync();
        Assert.Empty(ui.Dialogs);
        Assert.DoesNotContain(ui.ConsoleLines, l => l.Contains("pageerror", StringComparison.Ordinal));
    });

    private async Task<string> NewSessionAsync(string label) =>
        (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(Names.Unique(label)))).Key;
}
