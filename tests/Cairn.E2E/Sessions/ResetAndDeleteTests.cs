using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>Seed scenarios 3, 4 and 5: reset refused for persistent sessions, reset of a temporary one, delete.</summary>
public sealed class ResetAndDeleteTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private const string PersistentTooltip = "Persistent sessions cannot be reset. Turn off Persistent first.";

    [Fact]
    public Task ResetPersistentSession_ButtonIsDisabledWithReason_AndNothingIsLost() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Keep");
        var key = await CreateWithMessagesAsync(label, persistent: true, "remember the milk", "and the eggs");

        await ui.OpenAsync("/sessions");
        var reset = ui.Row(label).GetByRole(AriaRole.Button, new() { Name = $"Reset {label}" });
        await Expect(reset).ToBeDisabledAsync();
        await Expect(reset).ToHaveAttributeAsync("title", PersistentTooltip);

        // Still focusable (so the reason is reachable), but neither a click nor Enter opens the confirmation.
        await reset.ClickAsync(new() { Force = true });
        await reset.FocusAsync();
        await Expect(reset).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(ui.Page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await ui.Row(label).GetByRole(AriaRole.Link, new() { Name = label }).ClickAsync();
        await ui.ExpectUrlAsync($"/chat?session={key}");
        await Expect(ui.Conversation).ToContainTextAsync("Echo: remember the milk");
        await Expect(ui.Conversation).ToContainTextAsync("Echo: and the eggs");
        Assert.Equal(4, await MessageCountAsync(key));
    });

    [Fact]
    public Task ResetSession_MadePersistentMeanwhile_IsRefusedWithTheServerMessage_AndNothingIsLost() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Race");
        var key = await CreateWithMessagesAsync(label, persistent: false, "first thought");

        await ui.OpenAsync("/sessions");
        var row = ui.Row(label);
        await Expect(row).ToContainTextAsync("Temporary");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Reset {label}" }).ClickAsync();
        var confirm = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Reset “{label}”?" });
        await Expect(confirm).ToBeVisibleAsync();

        // Another client makes it persistent while the confirmation is open; the row follows live.
        await fixture.Gateway.Api.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(key, Persistent: true));
        await Expect(row).ToContainTextAsync("Persistent");

        await confirm.GetByRole(AriaRole.Button, new() { Name = "Reset session" }).ClickAsync();
        await Expect(ui.Toasts).ToContainTextAsync($"'{label}' is persistent, so it cannot be reset.");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Reset {label}" })).ToBeDisabledAsync();
        Assert.Equal(2, await MessageCountAsync(key));
        var history = await fixture.Gateway.Api.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams(key));
        Assert.Contains("first thought", history.Messages[0].Text, StringComparison.Ordinal);
    });

    [Fact]
    public Task TogglePersistentInTable_DisablesReset_AndTurningItOffEnablesItAgain() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Toggle");
        var key = await CreateWithMessagesAsync(label, persistent: false);

        await ui.OpenAsync("/sessions");
        var row = ui.Row(label);
        var toggle = row.GetByRole(AriaRole.Switch, new() { Name = $"Persistent: {label}" });
        var reset = row.GetByRole(AriaRole.Button, new() { Name = $"Reset {label}" });
        await Expect(reset).ToBeEnabledAsync();

        await toggle.ClickAsync();
        await Expect(toggle).ToBeCheckedAsync();
        await Expect(ui.Toasts).ToContainTextAsync("is now persistent");
        await Expect(reset).ToBeDisabledAsync();
        var entry = await fixture.Gateway.Api.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(key));
        Assert.True(entry.Entry.Persistent);

        await toggle.ClickAsync();
        await Expect(toggle).Not.ToBeCheckedAsync();
        await Expect(reset).ToBeEnabledAsync();
    });

    [Fact]
    public Task ResetTemporarySession_ClearsItsHistory_AndShowsTheNotice() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Scratch");
        await ui.OpenAsync("/");
        await ui.CreateSessionAsync(label, persistent: false);
        await Expect(ui.Switcher).Not.ToContainTextAsync("Persistent");
        await ui.SendAsync("a throwaway idea");
        var key = new Uri(ui.Page.Url).Query.Split('=')[1];
        var before = (await fixture.Gateway.Api.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(key))).Entry.SessionId;

        await ui.OpenSessionsViewAsync();
        var row = ui.Row(label);
        await Expect(row).ToContainTextAsync("Temporary");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Reset {label}" }).ClickAsync();
        var confirm = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Reset “{label}”?" });
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Reset session" }).ClickAsync();
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(ui.Toasts).ToContainTextAsync($"Started a fresh transcript in “{label}”.");
        await Expect(row.Locator("td[data-label=\"Messages\"]")).ToHaveTextAsync("0");

        await row.GetByRole(AriaRole.Link, new() { Name = label }).ClickAsync();
        await ui.ExpectChatHeaderAsync(label);
        await Expect(ui.Conversation).ToContainTextAsync("No messages yet.");
        await Expect(ui.Conversation).Not.ToContainTextAsync("a throwaway idea");
        var after = (await fixture.Gateway.Api.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(key))).Entry.SessionId;
        Assert.NotEqual(before, after);
    });

    [Fact]
    public Task DeletePersistentSession_IsGoneFromTableDropdownAndSessionsList() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Doomed");
        var key = await CreateWithMessagesAsync(label, persistent: true, "last words");

        await ui.OpenAsync("/sessions");
        await Expect(ui.Row("Main").GetByRole(AriaRole.Button, new() { Name = "Delete Main" })).ToBeDisabledAsync();
        await ui.Row(label).GetByRole(AriaRole.Button, new() { Name = $"Delete {label}" }).ClickAsync();
        var confirm = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete “{label}”?" });
        await Expect(confirm).ToContainTextAsync("goes to the trash");
        await Expect(confirm).Not.ToContainTextAsync("cannot be undone");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Move to trash" }).ClickAsync();
        await Expect(ui.Toasts).ToContainTextAsync($"Moved “{label}” to the trash.");
        await Expect(ui.Row(label)).ToHaveCountAsync(0);

        await ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Chat" }).ClickAsync();
        await ui.OpenSwitcherAsync();
        await Expect(ui.Option("Main")).ToHaveCountAsync(1);
        await Expect(ui.Option(label)).ToHaveCountAsync(0);

        var list = await fixture.Gateway.Api.CallAsync<SessionsListResult>("sessions.list", new { limit = 200 });
        Assert.DoesNotContain(list.Sessions, s => s.Key == key);
        var get = await fixture.Gateway.Api.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams(key));
        Assert.Equal(ErrorCode.NotFound, get.Error?.Code);
    });

    private async Task<string> CreateWithMessagesAsync(string label, bool persistent, params string[] messages)
    {
        var key = (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label, Persistent: persistent))).Key;
        foreach (var message in messages)
        {
            await fixture.Gateway.Api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(message, key, Wait: true));
        }

        return key;
    }

    private async Task<int> MessageCountAsync(string key) =>
        (await fixture.Gateway.Api.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(key))).Entry.MessageCount;
}
