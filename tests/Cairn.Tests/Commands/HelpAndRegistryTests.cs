using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Commands;

/// <summary>The registry as a whole: /help and commands.list come from it; unknown commands; the feature flag.</summary>
public sealed class HelpAndRegistryTests
{
    [Fact]
    public async Task Help_ShowsEveryCommandOfCommandsList()
    {
        await using var gateway = await TestGateway.StartAsync();

        var help = await gateway.RunAsync("/help");
        var list = await gateway.CallAsync<CommandsListResult>("commands.list");

        Assert.Equal("help", help.Name);
        Assert.Null(help.Action);
        var commands = list.Commands;
        Assert.Equal(28, commands.Count);
        foreach (var command in commands)
        {
            Assert.Contains(command.Usage, help.Reply, StringComparison.Ordinal);
            Assert.Contains(command.Summary, help.Reply, StringComparison.Ordinal);
        }

        Assert.Equal(["help", "new", "reset", "undo-reset", "search", "compact", "model", "session new", "session list", "session switch", "session rename", "session delete",
            "session restore", "session archive", "session unarchive", "session fork", "session merge", "session unmerge", "session persist", "session tag", "session pin", "session unpin",
            "session share", "session unshare", "session info",
            "session history", "session export", "session templates"], commands.Select(c => c.Name));
        Assert.Equal("/session switch <name|key|number>", commands[9].Usage);
    }

    [Fact]
    public async Task CommandsList_IsInTheHelloMethods()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var ws = await gateway.ConnectWsAsync(handshake: false);

        var hello = await ws.CallAsync<Hello>("connect", new ConnectParams(gateway.Token, new ConnectClient("t", "1")));

        Assert.Contains("commands.list", hello.Features.Methods);
    }

    [Theory]
    [InlineData("/xyz", "Unknown command /xyz. Try /help.")]
    [InlineData("/Frobnicate now please", "Unknown command /frobnicate. Try /help.")]
    public async Task UnknownCommand_PointsToHelp(string text, string reply)
    {
        await using var gateway = await TestGateway.StartAsync();

        var result = await gateway.RunAsync(text);

        Assert.Equal("unknown", result.Name);
        Assert.Equal(reply, result.Reply);
        Assert.True(gateway.Service<Cairn.Commands.ISlashCommands>().IsCommand(text));
    }

    [Theory]
    [InlineData("/session", "The /session commands:")]
    [InlineData("/session frob", "Unknown command /session frob. The /session commands:")]
    public async Task SessionWithoutAKnownSubcommand_ListsTheSessionCommands(string text, string start)
    {
        await using var gateway = await TestGateway.StartAsync();

        var result = await gateway.RunAsync(text);

        Assert.StartsWith(start, result.Reply, StringComparison.Ordinal);
        Assert.Contains("/session new <name>", result.Reply, StringComparison.Ordinal);
        Assert.Contains("/session persist on|off", result.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain("/help", result.Reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/session list")]
    [InlineData("/session new Work")]
    [InlineData("/session switch main")]
    [InlineData("/session info")]
    [InlineData("/session persist on")]
    public async Task FlagOff_SessionCommands_SayTheFeatureIsDisabled(string text)
    {
        await using var gateway = await TestGateway.StartAsync(c => c with { Session = c.Session with { NamedSessionsEnabled = false } });

        var result = await gateway.RunAsync(text, peer: "cli:ann");

        Assert.Equal("session", result.Name);
        Assert.Contains("Named sessions are turned off", result.Reply, StringComparison.Ordinal);
        Assert.Null(result.Action);
        Assert.Null(gateway.Session("work"));
        Assert.False(gateway.Session("main")!.Persistent);
    }

    [Fact]
    public async Task FlagOff_HelpNewAndReset_StillWork_AndListsHideSessionCommands()
    {
        await using var gateway = await TestGateway.StartAsync(c => c with { Session = c.Session with { NamedSessionsEnabled = false } });
        var before = gateway.Session("main")!.SessionId;

        var help = await gateway.RunAsync("/help");
        var reset = await gateway.RunAsync("/reset");
        var list = await gateway.CallAsync<CommandsListResult>("commands.list");

        Assert.Contains("/new", help.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain("/session new", help.Reply, StringComparison.Ordinal);
        Assert.Contains("turned off", help.Reply, StringComparison.Ordinal);
        Assert.StartsWith("Reset 'Main'", reset.Reply, StringComparison.Ordinal);
        Assert.NotEqual(before, gateway.Session("main")!.SessionId);
        Assert.Equal(["help", "new", "reset", "undo-reset", "search", "compact", "model"], list.Commands.Select(c => c.Name));
    }
}
