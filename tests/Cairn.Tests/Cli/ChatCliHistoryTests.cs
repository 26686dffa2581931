using Cairn.Tests.Support;

namespace Cairn.Tests.Cli;

/// <summary><c>/session history</c> in <c>cairn chat</c> (a real child process): a reset conversation stays readable.</summary>
public sealed class ChatCliHistoryTests
{
    [Fact]
    public async Task Chat_SessionHistory_ShowsTheConversationBeforeAReset()
    {
        await using var gateway = await TestGateway.StartAsync();
        var input = string.Join('\n',
            "/session new Scratch",
            "/session persist off",
            "remember the milk",
            "/reset",
            "/session history",
            "/session history 1",
            "/quit") + "\n";

        var result = await CairnCli.RunRawAsync(input, ["chat", "--url", gateway.Host.Address.ToString(), "--token", gateway.Token!, "--peer", "cli:tester"]);

        Assert.True(result.Code == 0, result.ToString());
        var output = result.Stdout;
        Assert.Contains("scratch> Earlier conversations of 'Scratch', newest first:\n  1. ", output, StringComparison.Ordinal);
        Assert.Contains("Read one with /session history <number>.", output, StringComparison.Ordinal);
        Assert.Contains("scratch> Conversation 1 of 'Scratch' (", output, StringComparison.Ordinal);
        Assert.Contains("\nYou: remember the milk\nAssistant: Echo: remember the milk", output, StringComparison.Ordinal);
    }
}
