using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Security;

/// <summary><c>chat.send</c>'s <c>idempotencyKey</c>: scoped to one session, always validated, a reuse with another message refused.</summary>
public sealed class IdempotencyTests
{
    [Fact]
    public async Task TheSameKey_InAnotherSession_IsANewSend_NotAnotherSessionsRun()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Other"));
        var inMain = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", SessionKey: "main", IdempotencyKey: "k1", Wait: true));

        var inOther = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", SessionKey: "other", IdempotencyKey: "k1", Wait: true));

        Assert.NotEqual(inMain.RunId, inOther.RunId);
        Assert.Equal(SendStatus.Final, inOther.Status);
        var history = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("other"));
        Assert.Equal(["hello"], history.Messages.Where(m => m.Role == "user").Select(m => m.Text));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(129)]
    public async Task AKeyOutsideOneTo128Characters_IsInvalidRequest_WithASessionKeyToo(int length)
    {
        var key = new string('k', length);
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", SessionKey: "main", IdempotencyKey: key));

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error?.Code);
        Assert.Equal("idempotencyKey", reply.Error?.Detail<string>("field"));
        Assert.DoesNotContain((await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"))).Messages, m => m.Role == "user");
    }

    [Fact]
    public async Task TheSameKey_WithAnotherMessage_IsConflict_AndNothingIsStored()
    {
        await using var gw = await TestGateway.StartAsync();
        var first = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("first", SessionKey: "main", IdempotencyKey: "k1", Wait: true));

        var reused = await gw.RequestAsync<ChatSendResult>("chat.send", new ChatSendParams("second", SessionKey: "main", IdempotencyKey: "k1", Wait: true));

        Assert.Equal(ErrorCode.Conflict, reused.Error?.Code);
        Assert.Equal("idempotency_key_reused", reused.Error?.Detail<string>("reason"));
        Assert.Equal(first.RunId, reused.Error?.Detail<string>("runId"));
        var users = (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"))).Messages.Where(m => m.Role == "user");
        Assert.Equal(["first"], users.Select(m => m.Text));
    }

    [Fact]
    public async Task TheSameKey_WithTheSameMessage_InTheSameSession_AnswersTheFirstRun()
    {
        await using var gw = await TestGateway.StartAsync();
        var first = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("once", SessionKey: "main", IdempotencyKey: "k1", Wait: true));

        var again = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("once", SessionKey: "main", IdempotencyKey: "k1", Wait: true));

        Assert.Equal(first.RunId, again.RunId);
        Assert.Equal(first.Message?.Text, again.Message?.Text);
        Assert.Single((await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"))).Messages, m => m.Role == "user");
    }
}
