using Cairn.Protocol;
using Cairn.Tests.Observability;
using Cairn.Tests.Support;

namespace Cairn.Tests.Chat;

/// <summary>
/// Compaction asked for by the user: <c>sessions.compact</c> and <c>/compact [focus]</c> through a real gateway and a
/// fake OpenAI-compatible server: everything but the last exchange is summarised, nothing is deleted, every client
/// hears of it, a send meanwhile is refused with the reason, and a failure says why.
/// </summary>
public sealed class CompactionTests
{
    private static Task<TestGateway> StartAsync(string baseUrl) => TestGateway.StartAsync(c => c with
    {
        Model = c.Model with { Provider = "openai", BaseUrl = baseUrl, Name = "fake-model", ApiKey = "sk-test", MaxRetries = 0, ContextWindow = 8192 },
    });

    private static async Task ChatAsync(TestGateway gw, string key, int turns)
    {
        for (var i = 1; i <= turns; i++)
        {
            var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams($"message {i} about the garden", SessionKey: key, Wait: true));
            Assert.Equal(SendStatus.Final, sent.Status);
        }
    }

    [Fact]
    public async Task Compact_SummarisesAllButTheLastExchange_KeepsEveryOriginal_AndTellsEveryClient()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl);
        await using var ws = await gw.ConnectWsAsync();
        await ChatAsync(gw, "main", 4);
        fake.Replies.Enqueue(FakeReply.Text("The user talked about the garden four times."));

        var result = await gw.CallAsync<SessionsCompactResult>("sessions.compact", new SessionsCompactParams("main", "keep the plant names"));

        Assert.Equal(MessageRoles.Summary, result.Summary.Role);
        Assert.Equal("The user talked about the garden four times.", result.Summary.Text);
        Assert.Equal(1, result.Summary.CoversFrom);
        Assert.Equal(6, result.Summary.CoversTo);
        var summaryRequest = fake.Requests.Last().ToJsonString();
        Assert.Contains("keep the plant names", summaryRequest, StringComparison.Ordinal);
        Assert.Contains("message 3 about the garden", summaryRequest, StringComparison.Ordinal);
        Assert.DoesNotContain("message 4 about the garden", summaryRequest, StringComparison.Ordinal);

        var changed = await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Compacted);
        Assert.Equal("main", changed.Key);

        var history = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"));
        Assert.Equal(8, history.Messages.Count(m => m.Role is MessageRoles.User or MessageRoles.Assistant));
        Assert.Single(history.Messages, m => m.Role == MessageRoles.Summary);

        var metrics = await gw.ScrapeAsync();
        Assert.Equal(1, metrics.Value("cairn_chat_compactions_total", ("outcome", "ok"), ("trigger", "manual")));
        Assert.Equal(0, metrics.Value("cairn_chat_compactions_total", ("trigger", "auto")));

        await ChatAsync(gw, "main", 1);
        var sent = fake.LastMessages();
        Assert.Equal("system", sent[0].Role);
        Assert.Contains("The user talked about the garden four times.", sent[0].Content, StringComparison.Ordinal);
        Assert.Equal(["system", "user", "assistant", "user"], sent.Select(m => m.Role));
        Assert.Equal("message 4 about the garden", sent[1].Content);
    }

    [Fact]
    public async Task CompactCommand_WritesTheSummary_AndSaysWhatItCovered_AndSessionInfoShowsTheContext()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl);
        await ChatAsync(gw, "main", 3);
        fake.Replies.Enqueue(FakeReply.Text("A summary."));

        var reply = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/compact the watering schedule", SessionKey: "main", Wait: true));

        Assert.Equal(SendStatus.Command, reply.Status);
        Assert.StartsWith("Summarised messages 1–4 of 'Main'", reply.Command!.Reply, StringComparison.Ordinal);
        Assert.Contains("the watering schedule", fake.Requests.Last().ToJsonString(), StringComparison.Ordinal);

        var info = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session info", SessionKey: "main", Wait: true));
        Assert.Matches(@"Context: \d+ of 8,192 tokens \(\d+%\) in the last request", info.Command!.Reply);
    }

    [Fact]
    public async Task Compact_OfAConversationNoLongerThanOneExchange_IsRefused_NothingToCompact()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl);
        await ChatAsync(gw, "main", 1);
        var before = fake.Requests.Count;

        var reply = await gw.RequestAsync<SessionsCompactResult>("sessions.compact", new SessionsCompactParams("main"));

        Assert.Equal(ErrorCode.Conflict, reply.Error!.Code);
        Assert.Equal("nothing_to_compact", reply.Error.Detail<string>("reason"));
        Assert.Equal(before, fake.Requests.Count);
        var command = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/compact", SessionKey: "main", Wait: true));
        Assert.StartsWith("There is nothing to summarise yet", command.Command!.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASendDuringACompaction_IsRefusedWithTheReason_AndAbortStopsTheCompaction_ChangingNothing()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl);
        await ChatAsync(gw, "main", 3);
        fake.Replies.Enqueue(FakeReply.Frozen);
        var requests = fake.Requests.Count;

        var compacting = gw.RequestAsync<SessionsCompactResult>("sessions.compact", new SessionsCompactParams("main"));
        await WaitUntilAsync(() => fake.Requests.Count > requests);
        var send = await gw.RequestAsync<ChatSendResult>("chat.send", new ChatSendParams("hello?", SessionKey: "main", Wait: true));

        Assert.Equal(ErrorCode.Conflict, send.Error!.Code);
        Assert.Equal("run_active", send.Error.Detail<string>("reason"));
        Assert.Equal("compaction", send.Error.Detail<string>("activity"));
        Assert.Contains("being summarised", send.Error.Message, StringComparison.Ordinal);

        var aborted = await gw.CallAsync<ChatAbortResult>("chat.abort", new ChatAbortParams("main"));
        Assert.True(aborted.Aborted);
        var stopped = await compacting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ErrorCode.Conflict, stopped.Error!.Code);
        Assert.Equal("aborted", stopped.Error.Detail<string>("reason"));

        var history = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"));
        Assert.DoesNotContain(history.Messages, m => m.Role == MessageRoles.Summary);
        await ChatAsync(gw, "main", 1);
    }

    [Fact]
    public async Task AFailedSummary_IsUnavailable_WithTheProvidersReason_AndTheConversationGoesOn()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl);
        await ChatAsync(gw, "main", 3);
        fake.Replies.Enqueue(FakeReply.Error(401, """{"error":{"message":"Incorrect API key provided: sk-test.","type":"invalid_request_error","code":"invalid_api_key"}}"""));

        var reply = await gw.RequestAsync<SessionsCompactResult>("sessions.compact", new SessionsCompactParams("main"));

        Assert.Equal(ErrorCode.Unavailable, reply.Error!.Code);
        Assert.Equal("auth", reply.Error.Detail<string>("reason"));
        Assert.StartsWith("The summary could not be written: ", reply.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test", reply.Error.Message, StringComparison.Ordinal);
        await ChatAsync(gw, "main", 1);
    }

    [Fact]
    public async Task BadParams_AreInvalid_AndAnUnknownSessionIsNotFound()
    {
        await using var gw = await TestGateway.StartAsync();

        var tooLong = await gw.RequestAsync<SessionsCompactResult>("sessions.compact", new SessionsCompactParams("main", new string('x', 2_001)));
        var unknown = await gw.RequestAsync<SessionsCompactResult>("sessions.compact", new SessionsCompactParams("nope"));
        var badKey = await gw.RequestAsync<SessionsCompactResult>("sessions.compact", new SessionsCompactParams("Not A Key!"));

        Assert.Equal(ErrorCode.InvalidRequest, tooLong.Error!.Code);
        Assert.Equal("instructions", tooLong.Error.Detail<string>("field"));
        Assert.Equal(ErrorCode.NotFound, unknown.Error!.Code);
        Assert.Equal(ErrorCode.InvalidRequest, badKey.Error!.Code);
    }

    [Fact]
    public async Task InAWindowTooSmallToSummariseInto_EveryTurnIsAnswered_TheNoticeIsWrittenOnce_AndCompactSaysWhy()
    {
        // llama.cpp's 128-token test model: no room for the compaction prompt, so the sliding window carries the session.
        await using var gw = await TestGateway.StartAsync(c => c with { Model = c.Model with { ContextWindow = 128, MaxOutputTokens = 32 } });
        for (var i = 1; i <= 12; i++)
        {
            var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams($"message {i}: a sentence long enough to fill the tiny window quickly", SessionKey: "main", Wait: true));
            Assert.Equal(SendStatus.Final, sent.Status);
        }

        var history = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main", Limit: 500));
        Assert.Single(history.Messages, m => m.Role == MessageRoles.Notice && m.Text == Cairn.Chat.Context.ChatContext.SlidingWindowNotice);
        Assert.Equal(12, history.Messages.Count(m => m.Role == MessageRoles.User));

        var compact = await gw.RequestAsync<SessionsCompactResult>("sessions.compact", new SessionsCompactParams("main"));
        Assert.Equal(ErrorCode.Conflict, compact.Error!.Code);
        Assert.Equal("window_too_small", compact.Error.Detail<string>("reason"));
        Assert.Contains("(128 tokens)", compact.Error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
