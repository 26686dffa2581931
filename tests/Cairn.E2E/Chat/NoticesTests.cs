using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Chat;

/// <summary>
/// Nothing silent: a reset, rename or persistence change made by another client shows a notice in the open chat
/// and a toast; a failed turn shows its reason and Retry, also after a reload.
/// </summary>
public sealed class NoticesTests(ScriptedModelFixture fixture, ITestOutputHelper output) : IClassFixture<ScriptedModelFixture>
{
    [Fact]
    public Task ChangesFromASecondClient_ShowANoticeInTheOpenChat_AndAToast() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Shared");
        var api = fixture.Gateway.Api;
        var key = (await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label, Persistent: false))).Key;
        fixture.Model.Send("noted");
        fixture.Model.End();
        await api.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("remember the milk", key, Wait: true));
        await ui.OpenAsync($"/chat?session={key}");
        await Expect(ui.Conversation).ToContainTextAsync("remember the milk");

        await api.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams(key));
        await Expect(ui.Conversation).Not.ToContainTextAsync("remember the milk");
        await Expect(ui.Conversation).ToContainTextAsync("This conversation was reset elsewhere.");
        await Expect(ui.Toasts).ToContainTextAsync("This conversation was reset elsewhere.");

        var renamed = Names.Unique("Renamed");
        await api.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(key, Label: renamed, Persistent: true));
        await Expect(ui.Conversation).ToContainTextAsync($"Renamed elsewhere to “{renamed}” (was “{label}”).");
        await Expect(ui.Conversation).ToContainTextAsync("Made persistent elsewhere");
        await Expect(ui.Toasts).ToContainTextAsync($"Renamed elsewhere to “{renamed}”");
        await ui.ExpectChatHeaderAsync(renamed);
        await Expect(ui.Page).ToHaveTitleAsync($"{renamed} · Cairn");
    });

    [Fact]
    public Task ChangesMadeByThisChatsOwnCommand_AreNotToldTwice() => fixture.RunAsync(output, async ui =>
    {
        var label = Names.Unique("Mine");
        var key = (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label, Persistent: false))).Key;
        await ui.OpenAsync($"/chat?session={key}");
        await ui.Composer.FillAsync("/session persist on");
        await ui.Composer.PressAsync("Enter");
        await Expect(ui.Switcher).ToContainTextAsync("Persistent");
        await Expect(ui.Composer).ToHaveValueAsync("");
        await Expect(ui.Conversation).Not.ToContainTextAsync("elsewhere");
    });

    [Fact]
    public Task FailedTurn_ShowsItsReasonAndRetry_AlsoAfterAReload() => fixture.RunAsync(output, async ui =>
    {
        var key = (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(Names.Unique("Fails")))).Key;
        await ui.OpenAsync($"/chat?session={key}");
        fixture.Model.Refuse("the scripted model says no");
        await ui.Composer.FillAsync("will this work?");
        await ui.Composer.PressAsync("Enter");
        var retry = ui.Conversation.GetByRole(AriaRole.Button, new() { Name = "Retry" });
        await Expect(retry).ToBeVisibleAsync();
        await Expect(ui.Conversation).ToContainTextAsync("The model provider rejected the request");

        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await Expect(ui.Conversation).ToContainTextAsync("The model provider rejected the request");
        await Expect(ui.Conversation).ToContainTextAsync("the scripted model says no");
        await Expect(ui.Conversation).ToContainTextAsync("Not answered: this turn failed");

        fixture.Model.Send("it works now");
        fixture.Model.End();
        await retry.ClickAsync();
        await Expect(ui.Conversation).ToContainTextAsync("it works now");
        await Expect(retry).ToHaveCountAsync(0);
    });

    [Fact]
    public Task AReplyStoppedBeforeItsFirstWord_LeavesTheQuestionOpen_WithRetry() => fixture.RunAsync(output, async ui =>
    {
        var key = (await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(Names.Unique("Stopped")))).Key;
        await ui.OpenAsync($"/chat?session={key}");
        await ui.Composer.FillAsync("are you there?");
        await ui.Composer.PressAsync("Enter");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Stop the reply" }).ClickAsync();
        var question = ui.Conversation.Locator("cairn-chat-message[role-name=user]").Last;
        var retry = question.GetByRole(AriaRole.Button, new() { Name = "Retry" });
        await Expect(retry).ToBeVisibleAsync();
        await Expect(question).ToContainTextAsync("No reply");

        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await Expect(question).ToContainTextAsync("are you there?");
        await Expect(retry).ToBeVisibleAsync();

        fixture.Model.Send("yes, here");
        fixture.Model.End();
        await retry.ClickAsync();
        await Expect(ui.Conversation.Locator("cairn-chat-message[role-name=assistant]").Last).ToContainTextAsync("yes, here");
        await Expect(ui.Conversation.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
    });
}
