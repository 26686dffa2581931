using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>
/// Seed step 16, the full manual run: three named sessions with conversations survive a page reload and a
/// gateway restart; a deleted one stays deleted. This class owns its gateway, which it restarts.
/// </summary>
public sealed class RestartTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task ThreeNamedSessions_SurviveReloadAndRestart_AndADeletedOneStaysGone() => fixture.RunAsync(output, async ui =>
    {
        (string Label, string[] Messages)[] sessions =
        [
            ("Work", ["quarterly report due friday", "book the meeting room"]),
            ("Project X", ["the x stands for xylophone", "budget is tight"]),
            ("Home", ["water the plants", "call grandma"]),
        ];
        await ui.OpenAsync("/");
        var keys = new Dictionary<string, string>();
        foreach (var (label, messages) in sessions)
        {
            await ui.CreateSessionAsync(label);
            keys[label] = new Uri(ui.Page.Url).Query.Split('=')[1];
            foreach (var message in messages)
            {
                await ui.SendAsync(message);
            }
        }

        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await ui.ExpectChatHeaderAsync("Home");
        await ExpectAllThereAsync(ui, sessions, keys);

        await fixture.StopGatewayAsync();
        await Expect(ui.Page.GetByText("Connection lost. Reconnecting…")).ToBeVisibleAsync();
        await fixture.StartGatewayAgainAsync();
        // The page reconnects by itself (backoff at most 15 s) and re-fetches what it shows.
        await Expect(ui.Page.GetByRole(AriaRole.Img, new() { Name = "Gateway: Connected" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ExpectAllThereAsync(ui, sessions, keys);

        await ui.OpenSessionsViewAsync();
        var doomed = ui.Row("Project X");
        await doomed.GetByRole(AriaRole.Button, new() { Name = "Delete Project X" }).ClickAsync();
        await ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "Delete “Project X”?" }).GetByRole(AriaRole.Button, new() { Name = "Move to trash" }).ClickAsync();
        await Expect(doomed).ToHaveCountAsync(0);

        await fixture.StopGatewayAsync();
        await fixture.StartGatewayAgainAsync();
        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Sessions" })).ToContainTextAsync("3");
        await Expect(ui.Row("Project X")).ToHaveCountAsync(0);
        await Expect(ui.Row("Work")).ToBeVisibleAsync();
        await Expect(ui.Row("Home")).ToBeVisibleAsync();
        var list = await fixture.Gateway.Api.CallAsync<SessionsListResult>("sessions.list");
        Assert.Equal(["home", "main", "work"], list.Sessions.Select(s => s.Key).Order());
    });

    /// <summary>Every session in the dropdown with its badge, and each conversation holding only its own messages.</summary>
    private static async Task ExpectAllThereAsync(Ui ui, (string Label, string[] Messages)[] sessions, Dictionary<string, string> keys)
    {
        await ui.OpenSwitcherAsync();
        await Expect(ui.Options).ToHaveCountAsync(sessions.Length + 1);
        foreach (var (label, _) in sessions)
        {
            await Expect(ui.Option(label)).ToContainTextAsync("Persistent");
            await Expect(ui.Option(label)).ToContainTextAsync("4 messages");
        }

        await ui.Page.Keyboard.PressAsync("Escape");
        foreach (var (label, messages) in sessions)
        {
            await ui.SwitchToAsync(label);
            await ui.ExpectUrlAsync($"/chat?session={keys[label]}");
            foreach (var message in messages)
            {
                await Expect(ui.Conversation).ToContainTextAsync($"Echo: {message}");
            }

            foreach (var other in sessions.Where(s => s.Label != label).SelectMany(s => s.Messages))
            {
                await Expect(ui.Conversation).Not.ToContainTextAsync(other);
            }
        }
    }
}
