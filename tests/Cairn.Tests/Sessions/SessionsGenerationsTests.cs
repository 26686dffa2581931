using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

/// <summary><c>sessions.generations</c>: the current conversation and those earlier resets closed, each readable.</summary>
public sealed class SessionsGenerationsTests
{
    [Fact]
    public async Task Generations_AfterTwoResets_ListCurrentThenEarlierNewestFirst_EachReadableByChatHistory()
    {
        await using var gw = await TestGateway.StartAsync();
        var created = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Scratch", Persistent: false));
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("first talk", "scratch", Wait: true));
        gw.Clock.Advance(TimeSpan.FromMinutes(5));
        var firstReset = await gw.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("scratch"));
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("second talk", "scratch", Wait: true));
        gw.Clock.Advance(TimeSpan.FromMinutes(5));
        var secondReset = await gw.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("scratch"));

        var result = await gw.CallAsync<SessionsGenerationsResult>("sessions.generations", new SessionKeyParams("scratch"));

        Assert.Equal("scratch", result.Key);
        Assert.Equal([secondReset.Entry.SessionId, firstReset.Entry.SessionId, created.SessionId], result.Generations.Select(g => g.SessionId));
        var (current, second, first) = (result.Generations[0], result.Generations[1], result.Generations[2]);
        Assert.True(current.Current);
        Assert.Equal(0, current.MessageCount);
        Assert.Null(current.EndedAt);
        Assert.Equal(secondReset.Entry.UpdatedAt, current.StartedAt);
        Assert.False(second.Current);
        Assert.Equal(2, second.MessageCount);
        Assert.NotNull(second.EndedAt);
        Assert.True(first.StartedAt < second.StartedAt);
        var history = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("scratch", first.SessionId));
        Assert.Equal("first talk", history.Messages[0].Text);
        Assert.Equal(first.MessageCount, history.Messages.Count);
    }

    [Fact]
    public async Task Generations_OfAFreshSession_IsOnlyTheCurrentOne()
    {
        await using var gw = await TestGateway.StartAsync();
        var created = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Fresh"));

        var result = await gw.CallAsync<SessionsGenerationsResult>("sessions.generations", new SessionKeyParams("fresh"));

        var only = Assert.Single(result.Generations);
        Assert.Equal(created.SessionId, only.SessionId);
        Assert.True(only.Current);
    }

    [Theory]
    [InlineData("nope", ErrorCode.NotFound)]
    [InlineData("Not A Key!", ErrorCode.InvalidRequest)]
    public async Task Generations_OfAnUnknownOrMalformedKey_IsRefused(string key, ErrorCode code)
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<SessionsGenerationsResult>("sessions.generations", new SessionKeyParams(key));

        Assert.Equal(code, reply.Error?.Code);
    }
}
