using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Commands;

public sealed class SessionListTests
{
    [Fact]
    public async Task List_NumbersSessions_MarksCurrentAndPersistent()
    {
        await using var gateway = await TestGateway.StartAsync();
        gateway.Clock.Advance(TimeSpan.FromMinutes(1));
        await gateway.CreateAsync("Work");
        gateway.Clock.Advance(TimeSpan.FromMinutes(1));
        await gateway.CreateAsync("Scratch", persistent: false);

        var result = await gateway.RunAsync("/session list", session: "work");

        Assert.Equal("session list", result.Name);
        Assert.Equal(
            "Sessions (3):\n  1. Scratch (scratch)\n  2. Work (work) [persistent]  <- current\n  3. Main (main)\n" +
            "Switch with /session switch <number|name>.",
            result.Reply);
        Assert.Null(result.Action);
    }

    [Fact]
    public async Task List_ManySessions_IsPaged_WithNumbersContinuingAcrossPages()
    {
        await using var gateway = await TestGateway.StartAsync(c => c with { Session = c.Session with { ListPageSize = 2 } });
        foreach (var name in new[] { "One", "Two", "Three", "Four" })
        {
            gateway.Clock.Advance(TimeSpan.FromSeconds(1));
            await gateway.CreateAsync(name);
        }

        var first = await gateway.RunAsync("/session list");
        var second = await gateway.RunAsync("/session list 2");
        var third = await gateway.RunAsync("/session list 3");
        var beyond = await gateway.RunAsync("/session list 4");
        var switched = await gateway.RunAsync("/session switch 3");

        Assert.StartsWith("Sessions, page 1 of 3 (5 in all):\n  1. Four (four) [persistent]\n  2. Three (three) [persistent]\nMore: /session list 2", first.Reply, StringComparison.Ordinal);
        Assert.StartsWith("Sessions, page 2 of 3 (5 in all):\n  3. Two (two) [persistent]\n  4. One (one) [persistent]\nMore: /session list 3", second.Reply, StringComparison.Ordinal);
        Assert.StartsWith("Sessions, page 3 of 3 (5 in all):\n  5. Main (main)  <- current\nSwitch with", third.Reply, StringComparison.Ordinal);
        Assert.Equal("There is no page 4: 5 sessions make 3 pages.", beyond.Reply);
        Assert.Equal("two", switched.Action!.Key);
    }

    [Theory]
    [InlineData("/session list all")]
    [InlineData("/session list 0")]
    [InlineData("/session list -1")]
    [InlineData("/session list 1 2")]
    public async Task List_BadPage_AnswersTheUsage(string text)
    {
        await using var gateway = await TestGateway.StartAsync();

        Assert.Equal("Usage: /session list [page]", (await gateway.RunAsync(text)).Reply);
    }

    [Fact]
    public async Task Switch_ToANumberWhoseSessionWasDeleted_SaysSo()
    {
        await using var gateway = await TestGateway.StartAsync();
        gateway.Clock.Advance(TimeSpan.FromSeconds(1));
        await gateway.CreateAsync("Temp");
        await gateway.RunAsync("/session list", surface: "web");
        await gateway.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("temp"));

        var result = await gateway.RunAsync("/session switch 1", surface: "web");

        Assert.Equal("Session 1 of your last list (temp) no longer exists. Run /session list again.", result.Reply);
        Assert.Null(result.Action);
    }
}
