using System.Text.Json;
using Cairn.Protocol;
using Cairn.Tests.Cli;
using Cairn.Tests.Support;

namespace Cairn.Tests.Export;

/// <summary>
/// <c>sessions.export</c> and <c>cairn export</c> through a real gateway: Markdown compared with a committed file,
/// JSON that holds every row of every conversation, the CLI's file and JSON Lines, and clear errors.
/// </summary>
public sealed class ExportTests
{
    /// <summary>The committed Markdown; after a deliberate change of the format, rewrite it with <c>CAIRN_UPDATE_EXPECTED=1</c> and read the diff.</summary>
    private static readonly string ExpectedMarkdown = RepoPaths.Of("tests", "Cairn.Tests", "Export", "Expected", "garden-plans.md");

    /// <summary>Two conversations (a reset between them), a failed command noted, a summary written by /compact.</summary>
    private static async Task<TestGateway> SeededAsync()
    {
        var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Garden \"Plans\"", Description: "Vegetables, 2026", Persistent: false));
        await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("garden-plans", SystemPrompt: "Answer briefly."));
        await SendAsync(gw, "Which **tomatoes** grow best in pots?");
        gw.Clock.Advance(TimeSpan.FromMinutes(5));
        await gw.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("garden-plans"));
        gw.Clock.Advance(TimeSpan.FromMinutes(5));
        await SendAsync(gw, "First sowing date?");
        await SendAsync(gw, "And the second?");
        await SendAsync(gw, "/compact");
        await SendAsync(gw, "Thanks!");
        return gw;
    }

    private static Task<ChatSendResult> SendAsync(TestGateway gw, string text) =>
        gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(text, "garden-plans", Wait: true));

    [Fact]
    public async Task Markdown_OfASeededSession_IsTheCommittedFile()
    {
        await using var gw = await SeededAsync();

        var export = await gw.CallAsync<SessionsExportResult>("sessions.export", new SessionsExportParams("garden-plans"));

        Assert.Equal("garden-plans-2026-03-02.md", export.Filename);
        Assert.Equal("text/markdown; charset=utf-8", export.MediaType);
        if (Environment.GetEnvironmentVariable("CAIRN_UPDATE_EXPECTED") == "1")
        {
            await File.WriteAllTextAsync(ExpectedMarkdown, export.Content);
        }

        Assert.Equal(await File.ReadAllTextAsync(ExpectedMarkdown), export.Content);
    }

    [Fact]
    public async Task Json_HoldsEveryRowOfEveryConversation_AsChatHistoryReadsThem()
    {
        await using var gw = await SeededAsync();
        var entry = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("garden-plans"))).Entry;

        var export = await gw.CallAsync<SessionsExportResult>("sessions.export", new SessionsExportParams("garden-plans", ExportFormat.Json));
        var document = JsonSerializer.Deserialize<SessionExport>(export.Content, ProtocolJson.Options)!;
        var current = await gw.CallAsync<SessionsExportResult>("sessions.export", new SessionsExportParams("garden-plans", ExportFormat.Json, CurrentOnly: true));

        Assert.Equal("application/json", export.MediaType);
        Assert.Equal(SessionExport.FormatName, document.Format);
        Assert.Equal("Garden \"Plans\"", document.Session.Label);
        Assert.Equal("Answer briefly.", document.Session.SystemPrompt);
        Assert.Equal(entry.SessionId, document.Session.CurrentSessionId);
        Assert.Equal(2, document.Generations.Count);
        Assert.Equal([false, true], document.Generations.Select(g => g.Current));
        foreach (var generation in document.Generations)
        {
            var history = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("garden-plans", SessionId: generation.SessionId, Limit: 500));
            Assert.Equal(history.Messages, generation.Messages);
        }

        Assert.Contains(document.Generations[1].Messages, m => m.Role == MessageRoles.Summary && m.CoversFrom == 1);
        Assert.Single(JsonSerializer.Deserialize<SessionExport>(current.Content, ProtocolJson.Options)!.Generations);
    }

    [Fact]
    public async Task AFreshSession_ExportsItsEmptyCurrentConversation_AndBadParamsAreClear()
    {
        await using var gw = await TestGateway.StartAsync();

        var fresh = await gw.CallAsync<SessionsExportResult>("sessions.export", new SessionsExportParams("main"));
        var unknown = await gw.RequestAsync<SessionsExportResult>("sessions.export", new SessionsExportParams("nope"));
        var badFormat = await gw.RequestAsync("sessions.export", new { key = "main", format = "pdf" });

        Assert.Contains("## Conversation 1 (current)\n\n_No messages yet._\n", fresh.Content, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.NotFound, unknown.Error!.Code);
        Assert.Equal(ErrorCode.InvalidRequest, badFormat.Error!.Code);
    }

    [Fact]
    public async Task TheCli_WritesAFile_AndAllSessionsAsJsonLines()
    {
        await using var gw = await SeededAsync();
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "garden.json");
        var lines = Path.Combine(dir.Path, "all.jsonl");

        var one = await CairnCli.RunAsync(gw, "export", "garden-plans", "--format", "json", "-o", file);
        var all = await CairnCli.RunAsync(gw, "export", "--all", "-o", lines);
        var markdown = await CairnCli.RunAsync(gw, "export", "garden-plans");
        var unknown = await CairnCli.RunAsync(gw, "export", "nope");

        Assert.Equal(0, one.Code);
        Assert.Equal("garden-plans", JsonSerializer.Deserialize<SessionExport>(await File.ReadAllTextAsync(file), ProtocolJson.Options)!.Session.Key);
        Assert.Equal(0, all.Code);
        var documents = (await File.ReadAllLinesAsync(lines)).Select(l => JsonSerializer.Deserialize<SessionExport>(l, ProtocolJson.Options)!).ToList();
        Assert.Equal(["garden-plans", "main"], documents.Select(d => d.Session.Key).Order());
        Assert.Contains("Exported 2 sessions to", all.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(lines + ".partial"));
        Assert.StartsWith("---\nlabel: \"Garden \\\"Plans\\\"\"\n", markdown.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, unknown.Code);
    }
}
