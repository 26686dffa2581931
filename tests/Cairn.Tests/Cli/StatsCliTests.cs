using System.Text.Json;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Cli;

public sealed class StatsCliTests
{
    [Fact]
    public async Task Stats_PrintsASessionsTables_TheOverview_AndJson()
    {
        await using var gateway = await TestGateway.StartAsync(); // the test clock: 2026-03-02
        await gateway.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", "main", Wait: true));
        await gateway.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("again", "main", Wait: true));

        var session = await CairnCli.RunAsync(gateway, "stats", "main", "--from", "2026-03-01", "--to", "2026-03-02");
        var overview = await CairnCli.RunAsync(gateway, "stats", "--from", "2026-03-01", "--to", "2026-03-02");
        var json = await CairnCli.RunAsync(gateway, "stats", "main", "--json");
        var bad = await CairnCli.RunAsync(gateway, "stats", "--from", "March");

        Assert.Equal(0, session.Code);
        Assert.Contains("Main (main)", session.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 final, 0 error, 0 aborted", session.Stdout, StringComparison.Ordinal);
        Assert.Contains("- (no price configured)", session.Stdout, StringComparison.Ordinal);
        // The echo model reports its own token counts: the session's counters (kept apart) must agree.
        var entry = (await gateway.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("main"))).Entry;
        Assert.Matches($@"2026-03-02\s+4\s+{entry.InputTokens}\s+{entry.OutputTokens}\s+2", session.Stdout);
        Assert.DoesNotContain("2026-03-01", session.Stdout.Split('\n').Skip(1), StringComparer.Ordinal);
        Assert.Equal(0, overview.Code);
        Assert.Matches(@"2026-03-02\s+1\s+0\s+0\s+0\s+1", overview.Stdout);
        Assert.Contains("By kind", overview.Stdout, StringComparison.Ordinal);
        var parsed = JsonSerializer.Deserialize<AnalyticsSessionResult>(json.Stdout, ProtocolJson.Options)!;
        Assert.Equal((4L, 2L, entry.InputTokens, entry.OutputTokens), (parsed.Messages, parsed.Replies.Final, parsed.InputTokens, parsed.OutputTokens));
        Assert.Equal(30, parsed.Days.Count);
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("INVALID_REQUEST", bad.Stderr, StringComparison.Ordinal);
    }
}
