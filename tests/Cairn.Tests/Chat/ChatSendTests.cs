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

        var sent = await a.RequestAsync("chat.send", new { sessionKey = "main", message = "hello world" });
        var runId = sent.GetProperty("payload").GetProperty("runId").GetString();
        Assert.Equal("started", sent.GetProperty("payload").GetProperty("status").GetString());

        foreach (var client in new[] { a, b })
        {
            var text = "";
            long lastSeq = 0;
            while (true)
            {
                var evt = (await client.NextEventAsync("chat", p => p.GetProperty("runId").GetString() == runId)).GetProperty("payload");
                Assert.Equal(lastSeq + 1, evt.GetProperty("seq").GetInt64());
                lastSeq = evt.GetProperty("seq").GetInt64();
                if (evt.GetProperty("state").GetString() == "final")
                {
                    Assert.Equal(text, evt.GetProperty("text").GetString());
                    break;
                }

                Assert.Equal("delta", evt.GetProperty("state").GetString());
                text += evt.GetProperty("text").GetString();
            }

            Assert.StartsWith("Echo: hello world", text, StringComparison.Ordinal);
            Assert.True(lastSeq > 3);
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
            await gw.OkAsync("chat.send", new { sessionKey = "main", message = $"turn {i}", wait = true });
        }

        // A client that sends again the moment it sees "final" must not be refused with run_active.
        Assert.Equal([false, false, false], busyAtEnd);
    }

    [Fact]
    public async Task FinishedRun_AnnouncesTheSessionsNewCounters()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        await gw.OkAsync("chat.send", new { sessionKey = "main", message = "count me", wait = true });
        var evt = await ws.NextEventAsync("sessions.changed", p => p.GetProperty("key").GetString() == "main");

        Assert.Equal("patched", evt.GetProperty("payload").GetProperty("reason").GetString());
        Assert.Equal(2, evt.GetProperty("payload").GetProperty("entry").GetProperty("messageCount").GetInt32());
    }

    [Fact]
    public async Task Send_Wait_ReturnsReply_StoresBothMessages_AndCounts()
    {
        await using var gw = await TestGateway.StartAsync();

        var result = await gw.OkAsync("chat.send", new { sessionKey = "main", message = "one two three", wait = true });

        Assert.Equal("final", result.GetProperty("status").GetString());
        Assert.Equal("assistant", result.GetProperty("message").GetProperty("role").GetString());
        var history = (await gw.OkAsync("chat.history", new { sessionKey = "main" })).GetProperty("messages");
        Assert.Equal(["user", "assistant"], history.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("one two three", history[0].GetProperty("text").GetString());
        var entry = (await gw.OkAsync("sessions.get", new { key = "main" })).GetProperty("entry");
        Assert.Equal(2, entry.GetProperty("messageCount").GetInt32());
        Assert.Equal(3, entry.GetProperty("inputTokens").GetInt64());
        Assert.True(entry.GetProperty("outputTokens").GetInt64() > 0);
        Assert.Equal(gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), entry.GetProperty("lastMessageAt").GetInt64());
    }

    [Fact]
    public async Task TwoSessions_HaveIsolatedHistories_BothIntactAfterRestart()
    {
        using var dir = new TempDir();
        await using (var gw = await TestGateway.StartAsync(dataDir: dir.Path))
        {
            await gw.OkAsync("sessions.create", new { label = "Work" });
            await gw.OkAsync("sessions.create", new { label = "Home" });
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

        var first = await gw.OkAsync("chat.send", new { sessionKey = "main", message = "once", idempotencyKey = "abc", wait = true });
        var retry = await gw.OkAsync("chat.send", new { sessionKey = "main", message = "once", idempotencyKey = "abc", wait = true });

        Assert.Equal(first.GetProperty("runId").GetString(), retry.GetProperty("runId").GetString());
        Assert.Equal(first.GetProperty("message").GetProperty("text").GetString(), retry.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(2, (await Texts(gw, "main")).Count);
    }

    [Fact]
    public async Task History_OfOlderGeneration_StaysReadableAfterReset()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Scratch", persistent = false });
        await Say(gw, "scratch", "before reset");

        var reset = await gw.OkAsync("sessions.reset", new { key = "scratch" });
        var old = reset.GetProperty("previousSessionId").GetString();

        Assert.Empty(await Texts(gw, "scratch"));
        var kept = await gw.OkAsync("chat.history", new { sessionKey = "scratch", sessionId = old });
        Assert.Equal("before reset", kept.GetProperty("messages")[0].GetProperty("text").GetString());
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

        var last = await gw.OkAsync("chat.history", new { sessionKey = "main", limit = 4 });
        var seqs = last.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToList();
        var earlier = await gw.OkAsync("chat.history", new { sessionKey = "main", limit = 4, before = seqs[0] });

        Assert.Equal([7L, 8L, 9L, 10L], seqs);
        Assert.Equal([3L, 4L, 5L, 6L], earlier.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Send_ToUnknownSession_IsNotFound_AndBadParamsAreInvalid()
    {
        await using var gw = await TestGateway.StartAsync();

        Assert.Equal("NOT_FOUND", (await gw.CallAsync("chat.send", new { sessionKey = "nope", message = "hi" })).ErrorCode);
        Assert.Equal("INVALID_REQUEST", (await gw.CallAsync("chat.send", new { sessionKey = "main", message = "  " })).ErrorCode);
        Assert.Equal("INVALID_REQUEST", (await gw.CallAsync("chat.send", new { sessionKey = "main", peer = "cli:x", message = "hi" })).ErrorCode);
        Assert.Equal("INVALID_REQUEST", (await gw.CallAsync("chat.send", new { message = new string('x', 32_001) })).ErrorCode);
        Assert.Equal("NOT_FOUND", (await gw.CallAsync("chat.history", new { sessionKey = "nope" })).ErrorCode);
    }

    [Fact]
    public async Task Send_WithPeerAndNoBinding_GoesToMain()
    {
        await using var gw = await TestGateway.StartAsync();

        var result = await gw.OkAsync("chat.send", new { peer = "cli:alice", message = "hi", wait = true });

        Assert.Equal("main", result.GetProperty("sessionKey").GetString());
        Assert.Single(await Texts(gw, "main"), t => t == "hi");
    }

    internal static async Task<string> Say(TestGateway gw, string key, string message)
    {
        var result = await gw.OkAsync("chat.send", new { sessionKey = key, message, wait = true });
        Assert.Equal("final", result.GetProperty("status").GetString());
        return result.GetProperty("message").GetProperty("text").GetString()!;
    }

    internal static async Task<List<string>> Texts(TestGateway gw, string key) =>
        [.. (await gw.OkAsync("chat.history", new { sessionKey = key })).GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() is "user" or "assistant")
            .Select(m => m.GetProperty("text").GetString()!)];
}
