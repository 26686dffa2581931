using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>
/// Layout details: "New Session" on the sessions page opens the new session; toasts cover no control (desktop and
/// mobile); a persistent session's refused Reset says why on focus, not only on hover; /help is aligned.
/// </summary>
public sealed class LayoutTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(1440, 900)]
    [InlineData(375, 812)]
    public Task NewSessionFromTheSessionsPage_OpensIt_AndItsToastCoversNoControl(int width, int height) => fixture.RunAsync(output, async ui =>
    {
        await ui.Page.SetViewportSizeAsync(width, height);
        await ui.OpenAsync("/sessions");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "New Session" }).ClickAsync();
        var label = Names.Unique("Opened");
        var dialog = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "New session" });
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name" }).FillAsync(label);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create session" }).ClickAsync();
        await ui.ExpectChatHeaderAsync(label);
        Assert.StartsWith("/chat?session=opened-", ui.PathAndQuery, StringComparison.Ordinal);

        var toast = ui.Toasts.Locator(".toast");
        await Expect(toast).ToContainTextAsync($"Created session “{label}”.");
        await Layout.ExpectNotCoveredAsync(toast, ui.Switcher, ui.Page.GetByRole(AriaRole.Button, new() { Name = "Previous conversations" }), ui.Composer);
    });

    [Fact]
    public Task RefusedReset_ShowsItsReasonWhenFocused() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Kept");
        await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label));
        await ui.OpenAsync("/sessions");
        var reset = ui.Row(label).GetByRole(AriaRole.Button, new() { Name = $"Reset {label}" });
        const string Reason = "Persistent sessions cannot be reset. Turn off Persistent first.";
        const string After = "el => getComputedStyle(el, '::after').content";
        Assert.Equal("none", await reset.EvaluateAsync<string>(After));
        await reset.FocusAsync();
        Assert.Equal($"\"{Reason}\"", await reset.EvaluateAsync<string>(After));
    });

    [Fact]
    public Task HelpReply_IsAlignedInColumns() => fixture.RunAsync(output, async ui =>
    {
        await ui.OpenAsync("/");
        await ui.Composer.FillAsync("/help");
        await ui.Composer.PressAsync("Enter");
        var reply = ui.Conversation.Locator(".bubble", new() { HasTextString = "List the chat commands." });
        await Expect(reply).ToBeVisibleAsync();
        Assert.Contains("mono", await reply.EvaluateAsync<string>("el => getComputedStyle(el).fontFamily"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("pre", await reply.Locator(".text").EvaluateAsync<string>("el => getComputedStyle(el).whiteSpace"));
    });
}
