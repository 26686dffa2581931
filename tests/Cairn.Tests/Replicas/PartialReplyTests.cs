using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Chat.Providers;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Replicas;

/// <summary>
/// A reply is stored as it grows (its row written at the first text, rewritten at most once a second) and finalised at
/// its end, so a gateway that dies mid-reply loses at most the last second; a lone gateway's start marks what the last
/// process left streaming as interrupted.
/// </summary>
public sealed class PartialReplyTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StreamingReply_IsStoredAtItsFirstTextThenEverySecond_AndFinalisedInTheSameRow()
    {
        var feed = Channel.CreateUnbounded<string>();
        var model = new ScriptedChatClient();
        model.Scripts.Add((_, _, ct) => Fed(feed, ct));
        await using var gw = await TestGateway.StartAsync(services: s => s.AddSingleton<IChatClient>(model));
        await using var watcher = await gw.ConnectWsAsync();

        var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hi", "main"));
        await feed.Writer.WriteAsync("Hello ");
        var first = await RowWhenAsync(gw, sent.RunId!, r => r.Text == "Hello ");
        Assert.Equal((true, TranscriptStore.Streaming), (first.Incomplete, first.Reason));

        // Within the second nothing is written again; when the second is up the text so far is, though the model pauses.
        gw.Clock.Advance(TimeSpan.FromMilliseconds(200));
        await feed.Writer.WriteAsync("big ");
        await watcher.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.Text == "big ");
        Assert.Equal("Hello ", (await RowWhenAsync(gw, sent.RunId!, _ => true)).Text);
        gw.Clock.Advance(TimeSpan.FromSeconds(1));
        var grown = await RowWhenAsync(gw, sent.RunId!, r => r.Text == "Hello big ");
        Assert.Equal(first.Seq, grown.Seq);
        Assert.Equal(TranscriptStore.Streaming, grown.Reason);
        await feed.Writer.WriteAsync("world");

        feed.Writer.Complete();
        await watcher.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State == RunState.Final);
        var rows = await gw.AllRowsAsync("main");
        var reply = Assert.Single(rows, r => r.Role == "assistant");
        Assert.Equal((first.Seq, "Hello big world", (bool?)null, (string?)null), (reply.Seq, reply.Text, reply.Incomplete, reply.Reason));
        Assert.Equal(2, (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionKeyParams("main"))).Entry.MessageCount);
        var found = await gw.CallAsync<SearchQueryResult>("search.query", new SearchQueryParams("world"));
        Assert.NotEmpty(found.Hits);
    }

    [Fact]
    public async Task FirstDelta_WaitsForNoWriteButTheUserMessage_ItsRowFollowsWhenTheWriterIsFree()
    {
        var feed = Channel.CreateUnbounded<string>();
        var model = new ScriptedChatClient();
        model.Scripts.Add((_, _, ct) => Fed(feed, ct));
        await using var gw = await TestGateway.StartAsync(services: s => s.AddSingleton<IChatClient>(model));
        await using var watcher = await gw.ConnectWsAsync();
        var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hi", "main"));

        // Another write holds the store's writer when the first text comes (as under many clients): the delta goes out at
        // once, and the reply's row is written once the writer is free.
        using var release = new ManualResetEventSlim();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Task.Run(() => gw.Service<CairnDatabase>().WriteAsync((_, _) =>
        {
            holding.SetResult();
            return release.Wait(Cap) ? 0 : throw new TimeoutException("The held write was never released.");
        }));
        await holding.Task.WaitAsync(Cap);
        await feed.Writer.WriteAsync("Hello ");
        await watcher.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e is { State: RunState.Delta, Text: "Hello " });
        Assert.DoesNotContain(await gw.AllRowsAsync("main"), r => r.RunId == sent.RunId && r.Role == "assistant");

        release.Set();
        await held;
        Assert.Equal("Hello ", (await RowWhenAsync(gw, sent.RunId!, r => r.Text == "Hello ")).Text);
        feed.Writer.Complete();
        await watcher.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State == RunState.Final);
    }

    // A lone gateway's start-up on its SQLite file; on PostgreSQL the fleet does it (KilledReplicaTests).
    [Fact]
    [Trait(TestStore.Trait, TestStore.SqliteOnly)]
    public async Task ReplyLeftStreamingByADeadProcess_IsMarkedInterruptedAtStart_AndTheNextSendWorks()
    {
        using var dir = new TempDir();
        string generation;
        await using (var first = await TestGateway.StartAsync(dataDir: dir.Path))
        {
            generation = (await first.CallAsync<SessionEntryResult>("sessions.get", new SessionKeyParams("main"))).Entry.SessionId;
        }

        // What a killed gateway leaves: the reply's row as last written, still marked streaming.
        using (var db = CairnDatabase.Open(Path.Combine(dir.Path, CairnDatabase.FileName)))
        {
            var transcripts = new TranscriptStore(db);
            var now = new ManualTimeProvider().GetUtcNow().ToUnixTimeMilliseconds();
            await transcripts.AppendAsync("main", [new NewMessage("user", "tell me")], now);
            Assert.NotNull(await transcripts.SavePartialAsync("main", generation, null, "dead-run", "Once upon", 2, now));
        }

        await using var gw = await TestGateway.StartAsync(dataDir: dir.Path);
        var cut = await RowWhenAsync(gw, "dead-run", r => r.Reason != TranscriptStore.Streaming);
        Assert.Equal(("Once upon", true, TranscriptStore.Interrupted), (cut.Text, cut.Incomplete, cut.Reason));
        Assert.Equal(SendStatus.Final, (await gw.SendAsync("main", "again")).Status);
    }

    /// <summary>The run's reply row in <c>main</c> once it matches (the row is written just after the delta goes out).</summary>
    internal static async Task<TranscriptMessage> RowWhenAsync(TestGateway gw, string runId, Func<TranscriptMessage, bool> match)
    {
        using var cap = new CancellationTokenSource(Cap);
        while (true)
        {
            if ((await gw.AllRowsAsync("main")).FirstOrDefault(r => r.RunId == runId && r.Role == "assistant") is { } row && match(row))
            {
                return row;
            }

            await Task.Delay(20, cap.Token);
        }
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Fed(Channel<string> feed, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var text in feed.Reader.ReadAllAsync(ct))
        {
            yield return ScriptedChatClient.TextUpdate(text);
        }

        yield return ScriptedChatClient.Finish();
    }
}
