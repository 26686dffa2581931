using Cairn.Chat.Context;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Chat;

/// <summary>
/// Issue 14's failure 1, end to end: a conversation outgrows the server's context window. The server refuses with
/// the overflow body exactly as llama.cpp or OpenAI word it; the persistent session compacts and goes on, and when
/// summarising itself fails it falls back to the sliding window, with a notice. Never a dead session.
/// </summary>
public sealed class ContextOverflowTests
{
    private const int Window = 2048;

    // About 60 words: some 70 tokens by Cairn's estimate, about twice that by the server's tokenizer.
    private const string Filler = "The garden behind the old mill has three rows of beans, two of tomatoes, a pear tree that leans " +
        "towards the river, a bench painted green last spring, and a shed full of tools nobody has used since the flood; " +
        "the neighbours say the soil there is the best in the valley, and they may well be right about it.";

    private static Task<TestGateway> StartAsync(FakeOpenAiServer fake, int maxRetries = 2) => TestGateway.StartAsync(c => c with
    {
        Model = c.Model with
        {
            Provider = "openai", BaseUrl = fake.BaseUrl, Name = "fake-model", ApiKey = "sk-test", ContextWindow = Window, MaxOutputTokens = 256,
            MaxRetries = maxRetries,
        },
    });

    private static string Turn(int i) => $"turn {i}: {Filler}";

    /// <summary>
    /// The server's tokenizer counts about twice what Cairn estimates and its replies carry no usage, so Cairn's
    /// budget only learns the truth from the overflow answer: the request passes the window before any compaction is due.
    /// </summary>
    [Theory]
    [InlineData("llama.cpp")]
    [InlineData("openai")]
    public async Task AServerRefusingWithAnOverflow_IsAnsweredByCompaction_AndTheSessionGoesOn(string server)
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.EnforcedWindow = Window;
        fake.OverflowBody = server == "openai" ? FakeReply.OpenAiOverflow : FakeReply.LlamaCppOverflow;
        fake.CountPromptTokens = body => 2 * FakeOpenAiServer.DefaultCount(body);
        fake.ReportUsage = false;
        await using var gw = await StartAsync(fake);
        var key = await gw.PersistentSessionAsync();

        const int turns = 40;
        for (var i = 1; i <= turns; i++)
        {
            var result = await gw.SendAsync(key, Turn(i));
            Assert.True(result.Status == SendStatus.Final, $"turn {i}: {result.Status} {result.Reason} {result.Error}");
        }

        var overflows = fake.PromptTokens.Count(p => p > Window);
        Assert.True(overflows >= 1, "the server never had to refuse a request: the test did not reach the overflow");
        Assert.True(fake.PromptTokens.Last() <= Window);
        var rows = await gw.AllRowsAsync(key);
        Assert.Equal(Enumerable.Range(1, turns).Select(Turn), rows.Where(r => r.Role == "user").Select(r => r.Text));
        Assert.DoesNotContain(rows, r => r.Role == "error");
        var summary = rows.First(r => r.Role == "summary");
        Assert.True(summary.CoversFrom <= summary.CoversTo && summary.CoversTo < summary.Seq, $"covers {summary.CoversFrom}..{summary.CoversTo}");
        Assert.Equal<long?>(rows[0].Seq, summary.CoversFrom);
        Assert.Equal(turns, rows.Count(r => r.Role == "assistant"));
    }

    [Fact]
    public async Task WhenSummarisingFails_TheSlidingWindowIsUsed_WithANotice_AndEverySendIsFinal()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.EnforcedWindow = Window;
        fake.Answer = body => FakeOpenAiServer.IsCompaction(body)
            ? FakeReply.Error(500, """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}""")
            : null;
        await using var gw = await StartAsync(fake, maxRetries: 0);
        var key = await gw.PersistentSessionAsync();

        const int turns = 40;
        for (var i = 1; i <= turns; i++)
        {
            var result = await gw.SendAsync(key, Turn(i));
            Assert.True(result.Status == SendStatus.Final, $"turn {i}: {result.Status} {result.Reason} {result.Error}");
        }

        Assert.Contains(fake.Requests, FakeOpenAiServer.IsCompaction);
        Assert.All(fake.PromptTokens, p => Assert.True(p <= Window, $"a request of {p} tokens"));
        var rows = await gw.AllRowsAsync(key);
        Assert.DoesNotContain(rows, r => r.Role is "summary" or "error");
        Assert.Contains(rows, r => r.Role == "notice" && r.Text == ChatContext.SlidingWindowNotice);
        Assert.Equal(Enumerable.Range(1, turns).Select(Turn), rows.Where(r => r.Role == "user").Select(r => r.Text));
        var sent = fake.LastMessages();
        Assert.Equal(("user", Turn(turns)), sent[^1]);
        Assert.DoesNotContain(sent, m => m.Content.Contains(Turn(1), StringComparison.Ordinal));
    }
}
