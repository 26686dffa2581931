using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

/// <summary>
/// <c>sessions.fork</c> through a real gateway: the fork holds exactly the source's current conversation up to the seq
/// (same seqs, texts and times), records its origin, copies description and system prompt, leaves the source as it
/// was, and refuses a seq outside the current conversation.
/// </summary>
public sealed class ForkTests
{
    private static async Task<string> SessionWithTurnsAsync(TestGateway gw, string label, int turns)
    {
        var key = (await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label))).Key;
        for (var i = 1; i <= turns; i++)
        {
            await gw.SendAsync(key, $"{label} turn {i}");
            gw.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        return key;
    }

    [Fact]
    public async Task Fork_KeepsExactlyTheMessagesUpToTheSeq_AndNotAfter_RecordingItsOrigin()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();
        var source = await SessionWithTurnsAsync(gw, "Plans", 3);
        await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(source, Description: "trip", SystemPrompt: "Be brief.", Model: "echo"));
        var before = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(source))).Entry;
        var sourceRows = await gw.AllRowsAsync(source);

        var fork = await gw.CallAsync<SessionsForkResult>("sessions.fork", new SessionsForkParams(source, FromSeq: 3, Label: "Plans B"));

        Assert.Equal(("plans-b", 3), (fork.Key, fork.Copied));
        Assert.Equal(new SessionOrigin(source, before.SessionId, 3), fork.Entry.ForkedFrom);
        Assert.Equal(("echo", "echo"), (fork.Entry.Model, fork.Entry.EffectiveModel));
        Assert.Equal(("Plans B", "trip", "Be brief.", true, 3), (fork.Entry.Label, fork.Entry.Description, fork.Entry.SystemPrompt, fork.Entry.Persistent, fork.Entry.MessageCount));
        var forkRows = await gw.AllRowsAsync(fork.Key);
        Assert.Equal(sourceRows.Take(3).Select(m => (m.Seq, m.Role, m.Text, m.CreatedAt)), forkRows.Select(m => (m.Seq, m.Role, m.Text, m.CreatedAt)));
        Assert.Equal([1L, 2L, 3L], forkRows.Select(m => m.Seq));
        Assert.Equal("Plans turn 2", forkRows[2].Text);
        Assert.Equal(fork.Entry, (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(fork.Key))).Entry);
        Assert.Equal(ChangeReason.Created, (await ws.NextEventAsync<SessionsChangedEvent>(e => e.Key == fork.Key)).Reason);

        var after = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(source))).Entry;
        Assert.Equal(before, after);
        Assert.Equal(sourceRows, await gw.AllRowsAsync(source));

        await gw.SendAsync(fork.Key, "a new branch");
        Assert.Equal(6, (await gw.AllRowsAsync(source)).Count);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await gw.AllRowsAsync(fork.Key)).Select(m => m.Seq));
    }

    [Fact]
    public async Task Fork_WithoutASeq_CopiesTheWholeCurrentConversation_UnderADefaultName()
    {
        await using var gw = await TestGateway.StartAsync();
        var source = await SessionWithTurnsAsync(gw, "Notes", 2);

        var first = await gw.CallAsync<SessionsForkResult>("sessions.fork", new SessionsForkParams(source));
        var second = await gw.CallAsync<SessionsForkResult>("sessions.fork", new SessionsForkParams(source));

        Assert.Equal(("Notes (fork)", "notes-fork", 4, 4L), (first.Entry.Label, first.Key, first.Copied, first.Entry.ForkedFrom!.Seq));
        Assert.Equal(("Notes (fork) (2)", "notes-fork-2"), (second.Entry.Label, second.Key));
        Assert.Equal((await gw.AllRowsAsync(source)).Select(m => m.Text), (await gw.AllRowsAsync(first.Key)).Select(m => m.Text));
        Assert.Equal(gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), first.Entry.LastMessageAt);
    }

    [Fact]
    public async Task Fork_OfASeqOutsideTheCurrentConversation_IsNotFound_AndWritesNothing()
    {
        await using var gw = await TestGateway.StartAsync();
        var source = (await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Temp", Persistent: false))).Key;
        await gw.SendAsync(source, "old one");
        await gw.SendAsync(source, "old two");
        await gw.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams(source));
        await gw.SendAsync(source, "new one");
        var current = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(source))).Entry;

        var oldSeq = await gw.RequestAsync<SessionsForkResult>("sessions.fork", new SessionsForkParams(source, FromSeq: 4));
        var zero = await gw.RequestAsync<SessionsForkResult>("sessions.fork", new SessionsForkParams(source, FromSeq: 0));
        var unknown = await gw.RequestAsync<SessionsForkResult>("sessions.fork", new SessionsForkParams("nope"));
        var taken = await gw.RequestAsync<SessionsForkResult>("sessions.fork", new SessionsForkParams(source, Label: "main"));

        Assert.Equal((ErrorCode.NotFound, "seq", 4L, current.SessionId),
            (oldSeq.Error?.Code, oldSeq.Error?.Detail<string>("reason"), oldSeq.Error?.Detail<long>("seq"), oldSeq.Error?.Detail<string>("sessionId")));
        Assert.Equal((ErrorCode.InvalidRequest, "fromSeq"), (zero.Error?.Code, zero.Error?.Detail<string>("field")));
        Assert.Equal(ErrorCode.NotFound, unknown.Error?.Code);
        Assert.Equal((ErrorCode.Conflict, "label"), (taken.Error?.Code, taken.Error?.Detail<string>("field")));
        Assert.Equal(2, (await gw.CallAsync<SessionsListResult>("sessions.list")).Total);

        var ok = await gw.CallAsync<SessionsForkResult>("sessions.fork", new SessionsForkParams(source, FromSeq: 1));
        Assert.Equal(["new one"], (await gw.AllRowsAsync(ok.Key)).Select(m => m.Text));
    }

    [Fact]
    public async Task Fork_CopiesACompactionSummary_SoTheModelSeesTheSameContext()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await TestGateway.StartAsync(c => c with
        {
            Model = c.Model with { Provider = "openai", BaseUrl = fake.BaseUrl, Name = "fake-model", ApiKey = "sk-test", MaxRetries = 0, ContextWindow = 8192 },
        });
        for (var i = 1; i <= 3; i++)
        {
            await gw.SendAsync("main", $"garden {i}");
        }

        fake.Replies.Enqueue(FakeReply.Text("Summary of the garden."));
        var summary = (await gw.CallAsync<SessionsCompactResult>("sessions.compact", new SessionsCompactParams("main"))).Summary;

        var fork = await gw.CallAsync<SessionsForkResult>("sessions.fork", new SessionsForkParams("main", Label: "Garden 2"));
        var before = await gw.CallAsync<SessionsForkResult>("sessions.fork", new SessionsForkParams("main", FromSeq: summary.Seq - 1, Label: "Garden raw"));

        var copied = Assert.Single(await gw.AllRowsAsync(fork.Key), m => m.Role == MessageRoles.Summary);
        Assert.Equal((summary.Seq, summary.CoversFrom, summary.CoversTo, summary.Text), (copied.Seq, copied.CoversFrom, copied.CoversTo, copied.Text));
        Assert.DoesNotContain(await gw.AllRowsAsync(before.Key), m => m.Role == MessageRoles.Summary);

        await gw.SendAsync("main", "next in main");
        var mainPrompt = fake.LastMessages();
        await gw.SendAsync(fork.Key, "next in main");
        Assert.Equal(mainPrompt, fake.LastMessages());
        Assert.Contains(mainPrompt, m => m.Content.Contains("Summary of the garden.", StringComparison.Ordinal));
        Assert.DoesNotContain(mainPrompt, m => m.Content == "garden 1");
    }
}
