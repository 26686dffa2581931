using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Commands;

/// <summary><c>/session history [n]</c>: the earlier conversations of this session, and one of them read back.</summary>
public sealed class SessionHistoryCommandTests
{
    [Fact]
    public async Task SessionHistory_ListsEarlierConversations_AndReadsOneBack()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Scratch", persistent: false);
        Assert.Contains("has no earlier conversations", (await gateway.RunAsync("/session history", session: "scratch")).Reply, StringComparison.Ordinal);
        await gateway.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("the old plan", "scratch", Wait: true));
        await gateway.RunAsync("/reset", session: "scratch");

        var list = await gateway.RunAsync("/session history", session: "scratch");
        var read = await gateway.RunAsync("/session history 1", session: "scratch");
        var beyond = await gateway.RunAsync("/session history 2", session: "scratch");
        var bad = await gateway.RunAsync("/session history soon", session: "scratch");

        Assert.Equal("session history", list.Name);
        Assert.StartsWith("Earlier conversations of 'Scratch', newest first:\n  1. ", list.Reply, StringComparison.Ordinal);
        Assert.Contains("2 messages", list.Reply, StringComparison.Ordinal);
        Assert.StartsWith("Conversation 1 of 'Scratch' (", read.Reply, StringComparison.Ordinal);
        Assert.Contains("\nYou: the old plan\nAssistant: Echo: the old plan", read.Reply, StringComparison.Ordinal);
        Assert.Equal("There is no conversation 2: 'Scratch' has 1 earlier conversation.", beyond.Reply);
        Assert.Equal("Usage: /session history [number]", bad.Reply);
    }
}
