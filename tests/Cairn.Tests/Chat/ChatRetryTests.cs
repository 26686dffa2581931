using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Chat;

/// <summary><c>chat.retry</c>: a failed turn is answered again without a second user row; an answered one is refused.</summary>
public sealed class ChatRetryTests
{
    private static Task<TestGateway> StartAsync(string baseUrl) => TestGateway.StartAsync(c => c with
    {
        Model = c.Model with { Provider = "openai", BaseUrl = baseUrl, Name = "fake-model", ApiKey = "sk-test", MaxRetries = 0 },
    });

    [Fact]
    public async Task Retry_AfterAFailedTurn_AnswersTheSameMessage_WithoutASecondUserRow()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl);
        fake.FailWith = 401;
        var failed = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("what is 2 + 2?", SessionKey: "main", Wait: true));
        Assert.Equal(SendStatus.Error, failed.Status);

        fake.FailWith = null;
        var retried = await gw.CallAsync<ChatSendResult>("chat.retry", new ChatRetryParams("main", Wait: true));

        Assert.Equal(SendStatus.Final, retried.Status);
        Assert.NotEqual(failed.RunId, retried.RunId);
        var history = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"));
        Assert.Equal(["user", "error", "assistant"], history.Messages.Select(m => m.Role));
        Assert.Equal(retried.Message!.Text, history.Messages[^1].Text);
        var sent = fake.Requests.Last()["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()).ToList();
        Assert.Equal("user", sent[^1]);
        Assert.Single(sent, r => r == "user");
    }

    [Fact]
    public async Task Retry_WhenTheLastTurnWasAnswered_IsRefused_NothingToRetry()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl);
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", SessionKey: "main", Wait: true));

        var reply = await gw.RequestAsync<ChatSendResult>("chat.retry", new ChatRetryParams("main", Wait: true));

        Assert.Equal(ErrorCode.Conflict, reply.Error!.Code);
        Assert.Equal("nothing_to_retry", reply.Error.Detail<string>("reason"));
        var history = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"));
        Assert.Equal(2, history.Messages.Count);
    }

    [Fact]
    public async Task Regenerate_AnAnsweredTurn_WritesAnotherReply_ThatReplacesTheFirstInWhatTheModelSees()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl);
        fake.Chunks = ["Red"];
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("name a colour", SessionKey: "main", Wait: true));

        fake.Chunks = ["Blue"];
        var again = await gw.CallAsync<ChatSendResult>("chat.retry", new ChatRetryParams("main", Wait: true, Regenerate: true));

        Assert.Equal(SendStatus.Final, again.Status);
        Assert.Equal("Blue", again.Message!.Text);
        Assert.Equal(["user"], Roles(fake.Requests.Last()));
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("why?", SessionKey: "main", Wait: true));
        var next = fake.Requests.Last()["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), m["content"]!.GetValue<string>())).ToList();
        Assert.Equal([("user", "name a colour"), ("assistant", "Blue"), ("user", "why?")], next.Where(m => m.Item1 != "system"));
        var history = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"));
        Assert.Equal(["user", "assistant", "assistant", "user", "assistant"], history.Messages.Select(m => m.Role));
    }

    [Fact]
    public async Task Regenerate_InAnEmptyConversation_IsRefused_NothingToRetry()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<ChatSendResult>("chat.retry", new ChatRetryParams("main", Regenerate: true));

        Assert.Equal(ErrorCode.Conflict, reply.Error!.Code);
        Assert.Equal("nothing_to_retry", reply.Error.Detail<string>("reason"));
        Assert.Contains("no message", reply.Error.Message, StringComparison.Ordinal);
    }

    private static List<string> Roles(System.Text.Json.Nodes.JsonNode request) =>
        [.. request["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()).Where(r => r != "system")];

    [Fact]
    public async Task Retry_InAnUnknownSession_IsNotFound()
    {
        await using var gw = await TestGateway.StartAsync();
        var reply = await gw.RequestAsync<ChatSendResult>("chat.retry", new ChatRetryParams("nope"));
        Assert.Equal(ErrorCode.NotFound, reply.Error!.Code);
    }
}
