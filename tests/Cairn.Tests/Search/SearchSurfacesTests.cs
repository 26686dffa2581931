using System.Text.Json;
using Cairn.Protocol;
using Cairn.Tests.Cli;
using Cairn.Tests.Commands;
using Cairn.Tests.Support;

namespace Cairn.Tests.Search;

/// <summary>The same search from chat (<c>/search</c>) and from the command line (<c>cairn search</c>).</summary>
public sealed class SearchSurfacesTests
{
    private static async Task SeedAsync(TestGateway gateway)
    {
        await gateway.CreateAsync("Accounts", persistent: false);
        await gateway.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("chase invoice 4711 today", "accounts", Wait: true));
    }

    [Fact]
    public async Task SlashSearch_ListsWhereEachHitIs_AndHowToOpenIt()
    {
        await using var gateway = await TestGateway.StartAsync();
        await SeedAsync(gateway);

        var found = await gateway.RunAsync("/search invoice 4711");
        var none = await gateway.RunAsync("/search zanzibar");
        var bad = await gateway.RunAsync("/search \"open");
        var usage = await gateway.RunAsync("/search");

        Assert.Equal("search", found.Name);
        Assert.StartsWith("Found for invoice 4711:\n1. Accounts (accounts), message 1: chase invoice 4711 today\n", found.Reply, StringComparison.Ordinal);
        Assert.EndsWith("\nOpen one with /session switch <key>.", found.Reply, StringComparison.Ordinal);
        Assert.Equal("Nothing found for zanzibar.", none.Reply);
        Assert.Equal("The quote at character 1 is never closed.", bad.Reply);
        Assert.Equal("Usage: /search <text>", usage.Reply);
    }

    [Fact]
    public async Task CairnSearch_PrintsATable_OrJson_AndExplainsErrors()
    {
        await using var gateway = await TestGateway.StartAsync();
        await SeedAsync(gateway);

        var table = await CairnCli.RunAsync(gateway, "search", "invoice", "47*", "--in", "accounts");
        var json = await CairnCli.RunAsync(gateway, "search", "invoice", "--json");
        var bad = await CairnCli.RunAsync(gateway, "search", "\"open");

        Assert.Equal(0, table.Code);
        var lines = table.Stdout.TrimEnd('\n').Split('\n');
        Assert.Matches("^SESSION +KEY +MSG +SNIPPET$", lines[0]);
        Assert.Matches("^Accounts +accounts +1 +chase invoice 4711 today$", lines[1]);
        Assert.DoesNotContain("\e[", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, json.Code);
        var result = JsonSerializer.Deserialize<SearchQueryResult>(json.Stdout, ProtocolJson.Options)!;
        Assert.Contains(result.Hits, h => h is { Kind: SearchHitKind.Message, SessionKey: "accounts", Seq: 1 });
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("never closed", bad.Stderr, StringComparison.Ordinal);
    }
}
