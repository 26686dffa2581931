using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Commands;

/// <summary>/new and /reset: refused for persistent sessions, otherwise a new generation announced as a reset.</summary>
public sealed class ResetCommandTests
{
    [Theory]
    [InlineData("/new", "Started a new conversation in 'Scratch'. The previous one is kept in the history.")]
    [InlineData("/reset", "Reset 'Scratch': the conversation starts over. The previous one is kept in the history.")]
    public async Task NewAndReset_StartATemporarySessionOver_AndAnnounceIt(string text, string reply)
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Scratch", persistent: false);
        var before = gateway.Session("scratch")!.SessionId;
        await using var ws = await gateway.ConnectWsAsync();

        var result = await gateway.RunAsync(text, session: "scratch");

        Assert.Equal(text[1..], result.Name);
        Assert.Equal(reply, result.Reply);
        Assert.Null(result.Action);
        Assert.NotEqual(before, gateway.Session("scratch")!.SessionId);
        await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Reset && e.Key == "scratch");
    }

    [Theory]
    [InlineData("/new")]
    [InlineData("/reset")]
    public async Task NewAndReset_PersistentSession_AreRefused_WithTheWayOut(string text)
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Work");
        var before = gateway.Session("work")!;

        var result = await gateway.RunAsync(text, session: "work");

        Assert.Equal(
            "'Work' is persistent, so it cannot be reset. Turn persistence off first (/session persist off) if you really want to clear it.",
            result.Reply);
        Assert.Equal(before, gateway.Session("work"));
    }

    [Fact]
    public async Task Reset_PersistentSession_WithFlagOff_ExplainsWhyPersistenceCannotBeChanged()
    {
        using var dir = new TempDir();
        await using (var on = await TestGateway.StartAsync(dataDir: dir.Path))
        {
            await on.CreateAsync("Work");
        }

        await using var off = await TestGateway.StartAsync(c => c with { Session = c.Session with { NamedSessionsEnabled = false } }, dataDir: dir.Path);
        var result = await off.RunAsync("/reset", session: "work");

        Assert.StartsWith("'Work' is persistent, so it cannot be reset. Named sessions are turned off", result.Reply, StringComparison.Ordinal);
        Assert.True(off.Session("work")!.Persistent);
    }

    [Fact]
    public async Task Reset_WithArguments_AnswersTheUsage()
    {
        await using var gateway = await TestGateway.StartAsync();
        var before = gateway.Session("main")!.SessionId;

        Assert.Equal("Usage: /reset", (await gateway.RunAsync("/reset everything")).Reply);
        Assert.Equal(before, gateway.Session("main")!.SessionId);
    }
}
