using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>A gateway started with <c>session.namedSessionsEnabled: false</c>.</summary>
public sealed class FlagOffGatewayFixture : GatewayFixture
{
    protected override string? ConfigYaml => "session:\n  namedSessionsEnabled: false\n";
}

/// <summary>Seed scenario 8: with the flag off the named-session controls are gone and chat on main still works.</summary>
public sealed class FeatureFlagOffTests(FlagOffGatewayFixture fixture, ITestOutputHelper output) : IClassFixture<FlagOffGatewayFixture>
{
    [Fact]
    public Task ChatView_HasNoSwitcher_AndChatOnMainWorks() => fixture.RunAsync(output, async ui =>
    {
        await ui.OpenAsync("/");
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Main", Level = 1 })).ToBeVisibleAsync();
        await Expect(ui.Switcher).ToHaveCountAsync(0);
        await Expect(ui.Page.GetByRole(AriaRole.Button, new() { Name = "New session" })).ToHaveCountAsync(0);

        await ui.SendAsync("still here without named sessions");
        await Expect(ui.Conversation).ToContainTextAsync("This is the first message of this conversation.");
        var history = await fixture.Gateway.Api.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"));
        Assert.Equal(2, history.Messages.Count);

        // The chat commands refuse too, and the page stays on main.
        await ui.Composer.FillAsync("/session new Work");
        await ui.Composer.PressAsync("Enter");
        await Expect(ui.Conversation).ToContainTextAsync("Named sessions are turned off on this gateway");
        await ui.ExpectUrlAsync("/chat");
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Main", Level = 1 })).ToBeVisibleAsync();
    });

    [Fact]
    public Task SessionsView_HasNoCreateButtonOrPersistentToggles_AndTheApiRefusesCreation() => fixture.RunAsync(output, async ui =>
    {
        await ui.OpenAsync("/sessions");
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Sessions" })).ToBeVisibleAsync();
        await Expect(ui.Row("Main")).ToBeVisibleAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Button, new() { Name = "New Session" })).ToHaveCountAsync(0);
        await Expect(ui.Page.GetByRole(AriaRole.Switch)).ToHaveCountAsync(0);

        var create = await fixture.Gateway.Api.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        Assert.Equal(ErrorCode.FeatureDisabled, create.Error?.Code);
    });
}
