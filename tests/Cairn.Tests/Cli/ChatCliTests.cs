using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Cli;

/// <summary><c>cairn chat</c> as a real child process, driven through its standard input.</summary>
public sealed class ChatCliTests
{
    [Fact]
    public async Task Chat_CreateTwoSessions_Switch_Talk_List()
    {
        await using var gateway = await TestGateway.StartAsync();
        var input = string.Join('\n',
            "/session new Work",
            "/session new Home ☕",
            "/session switch work",
            "remember the milk",
            "/session list",
            "/quit",
            "never sent") + "\n";

        var result = await ChatAsync(gateway, input, "--peer", "cli:tester");

        Assert.True(result.Code == 0, result.ToString());
        var output = result.Stdout;
        Assert.True(output.Contains("Session: 'Main' (main) as cli:tester.", StringComparison.Ordinal), output);
        Assert.Contains("main> Created 'Work' (key work, persistent) and switched to it.\n", output, StringComparison.Ordinal);
        Assert.Contains("work> Created 'Home ☕' (key home, persistent) and switched to it.\n", output, StringComparison.Ordinal);
        Assert.Contains("home> Switched to 'Work' (work).\n", output, StringComparison.Ordinal);
        Assert.Contains("work> Echo: remember the milk", output, StringComparison.Ordinal);
        Assert.Contains("work> Sessions (3):\n", output, StringComparison.Ordinal);
        Assert.Contains("(work) [persistent]  <- current\n", output, StringComparison.Ordinal);
        Assert.Contains("Home ☕ (home) [persistent]\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("never sent", output, StringComparison.Ordinal);

        var history = (await gateway.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("work"))).Messages;
        Assert.Contains(history, m => m.Role == MessageRoles.User && m.Text == "remember the milk");
        Assert.Contains(history, m => m.Role == MessageRoles.Assistant
            && m.Text.StartsWith("Echo: remember the milk", StringComparison.Ordinal));
        Assert.Equal("work", gateway.Service<Cairn.Store.PeerBindingStore>().ActiveKey("cli:tester"));
    }

    [Fact]
    public async Task Chat_SecondRun_StartsInThePeersActiveSession()
    {
        await using var gateway = await TestGateway.StartAsync();
        await ChatAsync(gateway, "/session new Travel\n", "--peer", "cli:tester");

        var again = await ChatAsync(gateway, "/session info\n", "--peer", "cli:tester");
        var otherPeer = await ChatAsync(gateway, "", "--peer", "cli:someone-else");

        Assert.Contains("Session: 'Travel' (travel) as cli:tester.", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("travel> Travel (key travel)\n", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("Session: 'Main' (main) as cli:someone-else.", otherPeer.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, otherPeer.Code);
    }

    [Fact]
    public async Task Chat_WithSession_TalksThere_AndFollowsSwitchesWithoutBindingAPeer()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Project X"));
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Notes"));

        var result = await ChatAsync(gateway, "first\n/session switch notes\nsecond\n", "--session", "project-x");

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("project-x> Echo: first", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("notes> Echo: second", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, gateway.Service<Cairn.Store.PeerBindingStore>().Count());
        Assert.Equal(2, gateway.Service<Cairn.Store.SessionStore>().Get("notes")!.MessageCount);
    }

    [Fact]
    public async Task Chat_UnknownSession_ExitsWithTheError()
    {
        await using var gateway = await TestGateway.StartAsync();

        var result = await ChatAsync(gateway, "hello\n", "--session", "nowhere");

        Assert.Equal(1, result.Code);
        Assert.Equal("error NOT_FOUND: No session 'nowhere'.\n", result.Stderr);
    }

    [Fact]
    public async Task Chat_AgainstARealGatewayProcess_SurvivesItsRestart()
    {
        using var dir = new TempDir();
        await using (var first = await GatewayProcess.StartAsync(dir.Path))
        {
            var created = await CairnCli.RunRawAsync("/session new Long Haul\n", "chat", "--url", first.Address.ToString(), "--data-dir", dir.Path, "--peer", "cli:tester");
            Assert.True(created.Code == 0, created.ToString());
            await first.StopAsync();
        }

        await using var second = await GatewayProcess.StartAsync(dir.Path);
        var result = await CairnCli.RunRawAsync("still here?\n", "chat", "--url", second.Address.ToString(), "--data-dir", dir.Path, "--peer", "cli:tester");

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("long-haul> Echo: still here?", result.Stdout, StringComparison.Ordinal);
    }

    private static Task<CliResult> ChatAsync(TestGateway gateway, string input, params string[] args) =>
        CairnCli.RunRawAsync(input, ["chat", "--url", gateway.Host.Address.ToString(), "--token", gateway.Token!, .. args]);
}
