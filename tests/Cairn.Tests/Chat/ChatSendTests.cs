using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Chat;

public sealed class ChatSendTests
{
    [Fact]
    public async Task Send_StreamsDeltasThenFinal_ToEveryClient()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var a = await gw.ConnectWsAsync();
        await using var b = await gw.ConnectWsAsync();

        var sent = await a.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello world", "main"));
        var runId = sent.RunId;
        Assert.Equal(SendStatus.Started, sent.Status);

        foreach (var client in new[] { a, b })
        {
            var text = "";
            long lastSeq = 0;
            while (true)
            {
                var evt = await client.NextEventAsync<ChatEvent>(e => e.RunId == runId);
                Assert.Equal(lastSeq + 1, evt.Seq);
                lastSeq = evt.Seq;
                if (evt.State == RunState.Final)
                {
                    Assert.Equal(text, evt.Text);
                    break;
                }

                Assert.Equal(RunState.Delta, evt.State);
                text += evt.Text;
            }

            Assert.StartsWith("Echo: hello world", text, StringComparison.Ordinal);
            Assert.True(lastSeq >= 3, "the first word at once, the rest coalesced (DeltaBuffer), then the final");
        }
    }

    [Fact]
    public async Task WhenARunsEndIsAnnounced_TheSessionIsAlreadyFree()
    {
        await using var gw = await TestGateway.StartAsync();
        var runs = gw.Service<Cairn.Chat.ChatRuns>();
        var busyAtEnd = new List<bool>();
        using var watch = gw.Service<Cairn.Protocol.EventHub>().Subscribe(evt =>
        {
            if (evt.Payload is Cairn.Protocol.ChatEvent { State: not Cairn.Protocol.RunState.Delta } end)
            {
                lock (busyAtEnd)
                {
                    busyAtEnd.Add(runs.IsActive(end.SessionKey));
                }
            }
        });

        for (var i = 0; i < 3; i++)
        {
            await gw.CallAsync<ChatSendResult>("chat.send", new { sessionKey = "main", message = $"turn {i}", wait = true });
        }

        // A client that sends again the moment it sees "final" must not be refused with run_active.
        Assert.Equal([false, false, false], busyAtEnd);
    }

    [Fact]
    public async Task FinishedRun_AnnouncesTheSessionsNewCounters()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("count me", "main", Wait: true));
        var evt = await ws.NextEventAsync<SessionsChangedEvent>(e => e.Key == "main");

        Assert.Equal(ChangeReason.Patched, evt.Reason);
        Assert.Equal(2, evt.Entry!.MessageCount);
    }

    [Fact]
    public async Task TurnsInQuickSuccession_AreAnnouncedWithTheCountersAfterTheLastOne()
    {
        // gateway.limits.turnUpdateMs folds the turns that end inside one window into one sessions.changed, sent when
        // the window closes: the last turn's counters must still reach every list.
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        for (var i = 0; i < 4; i++)
        {
            await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams($"turn {i}", "main", Wait: true));
        }

        var evt = await ws.NextEventAsync<SessionsChangedEvent>(e => e.Key == "main" && e.Entry?.MessageCount == 8);
        Assert.Equal(ChangeReason.Patched, evt.Reason);
    }

    [Fact]
    public async Task Send_Wait_ReturnsReply_StoresBothMessages_AndCounts()
    {
        await using var gw = await TestGateway.StartAsync();

        var result = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("one two three", "main", Wait: true));

        Assert.Equal(SendStatus.Final, result.Status);
        Assert.Equal("assistant", result.Message!.Role);
        var history = (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"))).Messages;
        Assert.Equal(["user", "assistant"], history.Select(m => m.Role));
        Assert.Equal("one two three", history[0].Text);
        var entry = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("main"))).Entry;
        Assert.Equal(2, entry.MessageCount);
        Assert.Equal(3, entry.InputTokens);
        Assert.True(entry.OutputTokens > 0);
        Assert.Equal(gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), entry.LastMessageAt);
    }

    [Fact]
    public async Task TwoSessions_HaveIsolatedHistories_BothIntactAfterRestart()
    {
        using var dir = new TempDir();
        await using (var gw = await TestGateway.StartAsync(dataDir: dir.Path))
        {
            await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
            await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Home"));
            await Say(gw, "work", "quarterly report");
            await Say(gw, "home", "buy milk");
            var workReply = await Say(gw, "work", "and the budget");
            var homeReply = await Say(gw, "home", "and eggs");

            Assert.Contains("it began with \"quarterly report\"", workReply, StringComparison.Ordinal);
            Assert.DoesNotContain("milk", workReply, StringComparison.Ordinal);
            Assert.Contains("it began with \"buy milk\"", homeReply, StringComparison.Ordinal);
            Assert.DoesNotContain("quarterly", homeReply, StringComparison.Ordinal);
        }

        await using var again = await TestGateway.StartAsync(dataDir: dir.Path);
        var work = await Texts(again, "work");
        var home = await Texts(again, "home");
        Assert.Equal(4, work.Count);
        Assert.Equal(4, home.Count);
        Assert.Equal(["quarterly report", "and the budget"], work.Where((_, i) => i % 2 == 0));
        Assert.Equal(["buy milk", "and eggs"], home.Where((_, i) => i % 2 == 0));
        Assert.DoesNotContain(work, t => t.Contains("milk", StringComparison.Ordinal));
        Assert.Contains("4 earlier messages", await Say(again, "home", "and bread"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdempotencyKey_RetriedSend_IsANoOp()
    {
        await using var gw = await TestGateway.StartAsync();

        var first = await gw.CallAsync<ChatSendResult>("chat.send", new { sessionKey = "main", message = "once", idempotencyKey = "abc", wait = true });
        var retry = await gw.CallAsync<ChatSendResult>("chat.send", new { sessionKey = "main", message = "once", idempotencyKey = "abc", wait = true });

        Assert.Equal(first.RunId, retry.RunId);
        Assert.Equal(first.Message!.Text, retry.Message!.Text);
        Assert.Equal(2, (await Texts(gw, "main")).Count);
    }

    [Fact]
    public async Task History_OfOlderGeneration_StaysReadableAfterReset()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Scratch", Persistent: false));
        await Say(gw, "scratch", "before reset");

        var reset = await gw.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("scratch"));
        var old = reset.PreviousSessionId;

        Assert.Empty(await Texts(gw, "scratch"));
        var kept = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("scratch", old));
        Assert.Equal("before reset", kept.Messages[0].Text);
        Assert.Contains("first message", await Say(gw, "scratch", "after reset"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_PagesBackwardsWithBefore()
    {
        await using var gw = await TestGateway.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await Say(gw, "main", $"m{i}");
        }

        var last = await gw.CallAsync<ChatHistoryResult>("chat.history", new { sessionKey = "main", limit = 4 });
        var seqs = last.Messages.Select(m => m.Seq).ToList();
        var earlier = await gw.CallAsync<ChatHistoryResult>("chat.history", new { sessionKey = "main", limit = 4, before = seqs[0] });

        Assert.Equal([7L, 8L, 9L, 10L], seqs);
        Assert.Equal([3L, 4L, 5L, 6L], earlier.Messages.Select(m => m.Seq));
    }

    [Fact]
    public async Task Send_ToUnknownSession_IsNotFound_AndBadParamsAreInvalid()
    {
        await using var gw = await TestGateway.StartAsync();

        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync<ChatSendResult>("chat.send", new ChatSendParams("hi", "nope"))).Error?.Code);
        Assert.Equal(ErrorCode.InvalidRequest, (await gw.RequestAsync<ChatSendResult>("chat.send", new ChatSendParams("  ", "main"))).Error?.Code);
        Assert.Equal(ErrorCode.InvalidRequest, (await gw.RequestAsync<ChatSendResult>("chat.send", new { sessionKey = "main", peer = "cli:x", message = "hi" })).Error?.Code);
        Assert.Equal(ErrorCode.InvalidRequest, (await gw.RequestAsync<ChatSendResult>("chat.send", new { message = new string('x', 32_001) })).Error?.Code);
        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("nope"))).Error?.Code);
    }

    [Fact]
    public async Task Send_WithPeerAndNoBinding_GoesToMain()
    {
        await using var gw = await TestGateway.StartAsync();

        var result = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hi", Peer: "cli:alice", Wait: true));

        Assert.Equal("main", result.SessionKey);
        Assert.Single(await Texts(gw, "main"), t => t == "hi");
    }

    internal static async Task<string> Say(TestGateway gw, string key, string message)
    {
        var result = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(message, key, Wait: true));
        Assert.Equal(SendStatus.Final, result.Status);
        return result.Message!.Text;
    }

    internal static async Task<List<string>> Texts(TestGateway gw, string key) =>
        [.. (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams(key))).Messages
            .Where(m => MessageRoles.IsConversation(m.Role))
            .Select(m => m.Text)];
}
