using System.Runtime.CompilerServices;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Tests.Chat.Providers;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Analytics;

/// <summary>
/// A scripted day and a half of use, on the test clock, with a model whose replies move the clock: every number the
/// analytics methods answer is worked out by hand from the script below.
/// </summary>
public sealed class AnalyticsTests
{
    private const string Day1 = "2026-03-02";
    private const string Day2 = "2026-03-03";

    [Fact]
    public async Task ScriptedSendsResetsErrorsAndAborts_GiveExactSessionAndOverviewNumbers()
    {
        var clock = new ManualTimeProvider(); // 2026-03-02 10:00 UTC
        var model = new ScriptedChatClient();
        model.Scripts.Add(Timed(clock, firstMs: 100, restMs: 50, "one", input: 10, output: 20));   // work: final, 100 / 150 ms
        model.Scripts.Add(Timed(clock, firstMs: 300, restMs: 100, "two", input: 30, output: 40));  // work: final, 300 / 400 ms
        model.Scripts.Add(FailsAfter(clock, 200));                                                  // work: error, none / 200 ms
        model.Scripts.Add(Timed(clock, firstMs: 50, restMs: 50, "four", input: 5, output: 5));     // temp: final, 50 / 100 ms
        model.Scripts.Add(ScriptedChatClient.Hangs("partial"));                                    // work: aborted with text, 0 / 500 ms
        model.Scripts.Add(ScriptedChatClient.Hangs());                                              // work: aborted before text, none / 50 ms
        await using var gw = await TestGateway.StartAsync(
            c => c.WithModels([new ModelEntry("echo", c.Model) { PricePerMillion = new ModelPrice(2m, 8m) }]),
            clock: clock, services: s => s.AddSingleton<IChatClient>(model));
        await using var watcher = await gw.ConnectWsAsync();

        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Temp", Persistent: false));
        await SendAsync(gw, "work", "a", SendStatus.Final);
        await SendAsync(gw, "work", "b", SendStatus.Final);
        await SendAsync(gw, "work", "c", SendStatus.Error);
        var blocked = await gw.RequestAsync("sessions.reset", new SessionKeyParams("work"));
        await SendAsync(gw, "temp", "d", SendStatus.Final);
        await gw.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("temp"));

        clock.Advance(TimeSpan.FromDays(1));
        await AbortAsync(gw, watcher, "e", clock, afterText: true, 500);
        await AbortAsync(gw, watcher, "f", clock, afterText: false, 50);
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session switch temp", Peer: "cli:alice"));
        var refused = await gw.RequestAsync("sessions.create", new SessionsCreateParams("work"));

        Assert.Equal(ErrorCode.SessionPersistent, blocked.Error?.Code);
        Assert.Equal(ErrorCode.Conflict, refused.Error?.Code);
        var work = await gw.CallAsync<AnalyticsSessionResult>("analytics.session", new AnalyticsSessionParams("work", Day1, Day2));
        Assert.Equal(8, work.Messages);            // day 1: a, one, b, two, c; day 2: e, partial, f
        Assert.Equal(40, work.InputTokens);
        Assert.Equal(60, work.OutputTokens);
        Assert.Equal(0.00056m, work.EstimatedCost); // (40 × 2 + 60 × 8) / 1,000,000
        Assert.Equal(0, work.Resets);
        Assert.Equal(0, work.Compactions);
        Assert.Equal(new AnalyticsReplies(2, 1, 2), work.Replies);
        Assert.Equal(100, work.MedianFirstTokenMs); // 0, 100, 300
        Assert.Equal(200, work.MedianTotalMs);      // 50, 150, 200, 400, 500
        Assert.Equal("echo", work.Model);
        Assert.Equal(
            [new AnalyticsSessionDay(Day1, 5, 40, 60, 3), new AnalyticsSessionDay(Day2, 3, 0, 0, 2)],
            work.Days);

        var temp = await gw.CallAsync<AnalyticsSessionResult>("analytics.session", new AnalyticsSessionParams("temp", Day1, Day2));
        Assert.Equal((2, 5, 5, 1), (temp.Messages, temp.InputTokens, temp.OutputTokens, temp.Resets));
        Assert.Equal(50, temp.MedianFirstTokenMs);
        Assert.Equal(100, temp.MedianTotalMs);
        Assert.Equal(0.00005m, temp.EstimatedCost);

        await gw.OkAsync("sessions.patch", new SessionsPatchParams("work", Tags: ["client", "urgent"]));
        await gw.OkAsync("sessions.patch", new SessionsPatchParams("temp", Tags: ["client"]));
        var overview = await gw.CallAsync<AnalyticsOverviewResult>("analytics.overview", new AnalyticsOverviewParams(Day1, Day2));
        Assert.Equal(
            [new AnalyticsOverviewDay(Day1, 3, 0, 1, 0, 2), new AnalyticsOverviewDay(Day2, 0, 1, 0, 1, 1)],
            overview.Days);  // day 1: main, work and temp created, the blocked reset, work and temp active
        Assert.Equal((3, 1, 1, 1), (overview.SessionsCreated, overview.Switches, overview.ResetsBlocked, overview.CreateErrors));
        Assert.Equal([new AnalyticsTopSession("work", "Work", 40, 60, 100), new AnalyticsTopSession("temp", "Temp", 5, 5, 10)], overview.TopSessions);
        Assert.Equal([new AnalyticsKindCount("main", 1), new AnalyticsKindCount("named", 2)], overview.ByKind);
        Assert.Equal([new AnalyticsPersistenceCount("persistent", 1), new AnalyticsPersistenceCount("temporary", 2)], overview.ByPersistence); // work; main and temp
        Assert.Equal([new TagInfo("client", 2), new TagInfo("urgent", 1)], overview.ByTag);

        // One day only: the second day's numbers.
        var second = await gw.CallAsync<AnalyticsSessionResult>("analytics.session", new AnalyticsSessionParams("work", Day2, Day2));
        Assert.Equal((3, 0L, new AnalyticsReplies(0, 0, 2)), (second.Messages, second.InputTokens, second.Replies));
        Assert.Equal(0, second.MedianFirstTokenMs);
        Assert.Equal(275, second.MedianTotalMs);    // (50 + 500) / 2
    }

    [Fact]
    public async Task Trash_KeepsTheRows_Purge_RemovesThem()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Gone", Persistent: false));
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", "gone", Wait: true));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("gone"));
        var today = await gw.CallAsync<AnalyticsOverviewResult>("analytics.overview", new AnalyticsOverviewParams());
        var trashed = Count(gw, "SELECT COUNT(*) FROM stats_session_day WHERE session_key = 'gone'")
            + Count(gw, "SELECT COUNT(*) FROM reply_timings WHERE session_key = 'gone'");

        await gw.CallAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("gone"));
        var purged = Count(gw, "SELECT COUNT(*) FROM stats_session_day WHERE session_key = 'gone'")
            + Count(gw, "SELECT COUNT(*) FROM reply_timings WHERE session_key = 'gone'");
        var after = await gw.CallAsync<AnalyticsOverviewResult>("analytics.overview", new AnalyticsOverviewParams());

        Assert.Equal(2, trashed);
        Assert.Equal(0, purged);
        Assert.Equal(1, today.Days[^1].ActiveSessions);
        Assert.Equal(0, after.Days[^1].ActiveSessions);
        Assert.Equal(2, after.Days[^1].SessionsCreated); // main and gone: a creation stays counted
        Assert.Equal(30, after.Days.Count);
    }

    [Theory]
    [InlineData("2026-3-2", null, "from")]
    [InlineData(null, "yesterday", "to")]
    [InlineData("2026-03-05", "2026-03-01", "from")]
    [InlineData("2024-01-01", "2026-03-01", "366")]
    public async Task BadRanges_AreInvalidRequests(string? from, string? to, string field)
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync("analytics.overview", new AnalyticsOverviewParams(from, to));

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error?.Code);
        Assert.Contains(field, reply.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSession_IsNotFound_AndNoPrice_MeansNoCost()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", "main", Wait: true));

        var missing = await gw.RequestAsync("analytics.session", new AnalyticsSessionParams("nope"));
        var main = await gw.CallAsync<AnalyticsSessionResult>("analytics.session", new AnalyticsSessionParams("main"));

        Assert.Equal(ErrorCode.NotFound, missing.Error?.Code);
        Assert.Null(main.EstimatedCost);
        Assert.Equal(2, main.Messages);
        Assert.Equal(1, main.Replies.Final);
    }

    private static long Count(TestGateway gw, string sql) => gw.Service<Cairn.Store.CairnDatabase>().Read(c =>
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    });

    private static async Task SendAsync(TestGateway gw, string key, string text, SendStatus expected)
    {
        var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(text, key, Wait: true));
        Assert.Equal(expected, sent.Status);
    }

    private static async Task AbortAsync(TestGateway gw, WsTestClient watcher, string text, ManualTimeProvider clock, bool afterText, int ms)
    {
        var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(text, "work"));
        if (afterText)
        {
            await watcher.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State == RunState.Delta);
        }

        clock.Advance(TimeSpan.FromMilliseconds(ms));
        await gw.CallAsync<ChatAbortResult>("chat.abort", new ChatAbortParams("work", sent.RunId));
        var ended = await watcher.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State != RunState.Delta);
        Assert.Equal(RunState.Aborted, ended.State);
    }

    /// <summary>Moves the clock by <paramref name="firstMs"/>, says <paramref name="text"/>, moves it by <paramref name="restMs"/>, reports usage.</summary>
    private static ScriptedChatClient.Script Timed(ManualTimeProvider clock, int firstMs, int restMs, string text, long input, long output) =>
        (_, _, ct) => TimedStream(clock, firstMs, restMs, text, input, output, ct);

    private static ScriptedChatClient.Script FailsAfter(ManualTimeProvider clock, int ms) => (_, _, ct) => FailStream(clock, ms, ct);

    private static async IAsyncEnumerable<ChatResponseUpdate> TimedStream(ManualTimeProvider clock, int firstMs, int restMs, string text,
        long input, long output, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        clock.Advance(TimeSpan.FromMilliseconds(firstMs));
        yield return ScriptedChatClient.TextUpdate(text);
        clock.Advance(TimeSpan.FromMilliseconds(restMs));
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = output })]);
        ct.ThrowIfCancellationRequested();
        yield return ScriptedChatClient.Finish();
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> FailStream(ManualTimeProvider clock, int ms, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        clock.Advance(TimeSpan.FromMilliseconds(ms));
        ct.ThrowIfCancellationRequested();
        throw new InvalidOperationException("The scripted model failed.");
#pragma warning disable CS0162 // an iterator needs a yield
        yield break;
#pragma warning restore CS0162
    }
}
