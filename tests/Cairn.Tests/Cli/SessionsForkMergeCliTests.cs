using System.Text.Json;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Cli;

/// <summary><c>cairn sessions fork|merge|unmerge</c> against a real gateway.</summary>
public sealed class SessionsForkMergeCliTests
{
    [Fact]
    public async Task Fork_Merge_Preview_Unmerge()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Ideas"));
        await gateway.SendAsync("ideas", "one");
        await gateway.SendAsync("ideas", "two");

        var fork = await CairnCli.RunAsync(gateway, "sessions", "fork", "ideas", "--from-seq", "2", "--label", "Ideas B");
        var preview = await CairnCli.RunAsync(gateway, "sessions", "merge", "ideas", "ideas-b", "--sequential", "--preview", "--json");
        var merge = await CairnCli.RunAsync(gateway, "sessions", "merge", "ideas", "ideas-b", "--label", "All ideas");
        var unmerge = await CairnCli.RunAsync(gateway, "sessions", "unmerge", "all-ideas");
        var lonely = await CairnCli.RunAsync(gateway, "sessions", "merge", "ideas");

        Assert.Equal((0, "Forked ideas (up to #2, 2 messages) into 'Ideas B' (ideas-b).\n"), (fork.Code, fork.Stdout));
        var outline = JsonSerializer.Deserialize<SessionsMergeResult>(preview.Stdout, ProtocolJson.Options)!.Outline;
        Assert.Equal((6, MergeOrder.Sequential, 5L), (outline.Messages, outline.Order, outline.Sources[1].First!.Seq));
        Assert.Equal(0, merge.Code);
        Assert.StartsWith("Merged 6 messages into 'All ideas' (all-ideas), by time.\nSOURCE", merge.Stdout, StringComparison.Ordinal);
        Assert.Contains("Take it back with: cairn sessions unmerge all-ideas", merge.Stdout, StringComparison.Ordinal);
        Assert.Equal((0, "Removed all-ideas (6 copied messages).\nUnarchived: ideas, ideas-b\n"), (unmerge.Code, unmerge.Stdout));
        Assert.Equal(1, lonely.Code);
        Assert.Contains("INVALID_REQUEST", lonely.Stderr, StringComparison.Ordinal);
    }
}
