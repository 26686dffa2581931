using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>Seed scenarios 1 and 2: create a named session from the switcher, switch, chat, go back.</summary>
public sealed class SwitchingTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task CreateFromSwitcherDialog_AppearsInDropdownAndSessionsView_WithPersistentBadge() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Work");
        await ui.OpenAsync("/");
        await ui.ExpectUrlAsync("/chat");
        await ui.ExpectChatHeaderAsync("Main");

        await ui.CreateSessionAsync(label, description: "Client work and invoices");

        var key = (await fixture.Gateway.Api.CallAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams(label))).Entry.Key;
        await ui.ExpectUrlAsync($"/chat?session={key}");
        await Expect(ui.Switcher).ToContainTextAsync("Persistent");
        await Expect(ui.Page.GetByText("Client work and invoices")).ToBeVisibleAsync();

        await ui.OpenSwitcherAsync();
        await Expect(ui.Option(label)).ToHaveCountAsync(1);
        await Expect(ui.Option(label)).ToContainTextAsync("Persistent");
        await Expect(ui.Option(label)).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(ui.Option("Main")).Not.ToContainTextAsync("Persistent");
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.OpenSessionsViewAsync();
        var row = ui.Row(label);
        await Expect(row).ToContainTextAsync("Persistent");
        await Expect(row).ToContainTextAsync(key);
        await Expect(row.GetByRole(AriaRole.Switch, new() { Name = $"Persistent: {label}" })).ToBeCheckedAsync();
        await Expect(ui.Row("Main")).ToContainTextAsync("Temporary");
    });

    [Fact]
    public Task SwitchChatAndSwitchBack_KeepsContextsApart_AndBackForwardFollow() => fixture.RunAsync(output, async ui =>
    {
        var alpha = Names.Unique("Alpha");
        var bravo = Names.Unique("Bravo");
        var alphaKey = await CreateAsync(alpha);
        var bravoKey = await CreateAsync(bravo);

        await ui.OpenAsync($"/chat?session={alphaKey}");
        await ui.ExpectChatHeaderAsync(alpha);
        await ui.SendAsync("apples are red");
        await Expect(ui.Conversation).ToContainTextAsync("This is the first message of this conversation.");

        await ui.SwitchToAsync(bravo);
        await ui.ExpectUrlAsync($"/chat?session={bravoKey}");
        await Expect(ui.Conversation).Not.ToContainTextAsync("apples are red");
        await ui.SendAsync("bananas are yellow");
        // The echo model describes the history it was given: nothing from Alpha reached it.
        await Expect(ui.Conversation).ToContainTextAsync("This is the first message of this conversation.");

        await ui.SwitchToAsync(alpha);
        await ui.ExpectUrlAsync($"/chat?session={alphaKey}");
        await Expect(ui.Conversation).ToContainTextAsync("Echo: apples are red");
        await Expect(ui.Conversation).Not.ToContainTextAsync("bananas");
        await ui.SendAsync("cherries too");
        await Expect(ui.Conversation).ToContainTextAsync("This conversation has 2 earlier messages; it began with \"apples are red\".");
        await Expect(ui.Conversation).Not.ToContainTextAsync("bananas");

        await ui.Page.GoBackAsync();
        await ui.ExpectUrlAsync($"/chat?session={bravoKey}");
        await ui.ExpectChatHeaderAsync(bravo);
        await Expect(ui.Conversation).ToContainTextAsync("Echo: bananas are yellow");
        await Expect(ui.Conversation).Not.ToContainTextAsync("apples");

        await ui.Page.GoBackAsync();
        await ui.ExpectUrlAsync($"/chat?session={alphaKey}");
        await ui.ExpectChatHeaderAsync(alpha);
        await Expect(ui.Conversation).ToContainTextAsync("Echo: cherries too");

        await ui.Page.GoForwardAsync();
        await ui.ExpectUrlAsync($"/chat?session={bravoKey}");
        await ui.ExpectChatHeaderAsync(bravo);
    });

    [Fact]
    public Task UrlWithUnknownKey_ShowsAClearMessage_AndALabelInTheUrlBecomesItsKey() => fixture.RunAsync(output, async ui =>
    {
        await ui.OpenAsync("/chat?session=no-such-session");
        await Expect(ui.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("No session “no-such-session”");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Go to Main" }).ClickAsync();
        await ui.ExpectUrlAsync("/chat?session=main");
        await ui.ExpectChatHeaderAsync("Main");

        var label = Names.Unique("Project X");
        var key = await CreateAsync(label);
        await ui.Page.GotoAsync("/chat?session=" + Uri.EscapeDataString(label));
        await ui.ExpectUrlAsync($"/chat?session={key}");
        await ui.ExpectChatHeaderAsync(label);
    });

    private async Task<string> CreateAsync(string label) =>
        (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label))).Key;
}
