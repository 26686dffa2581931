using System.Text.Json;
using Cairn.Import;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Cli;
using Cairn.Tests.Support;

namespace Cairn.Tests.Import;

/// <summary>
/// ChatGPT's <c>conversations.json</c> into sessions (<c>sessions.import {format: "chatgpt"}</c>, <c>cairn import chatgpt</c>),
/// from a hand-made fixture in the export's format: a plain conversation, one with an edited message and a regenerated
/// reply, one with an image, code, a tool call and an odd content type, and an empty one whose title is taken.
/// </summary>
public sealed class ChatGptImportTests
{
    private static string FixturePath => Path.Combine(Fixtures.Root, "chatgpt", "conversations.json");

    private static string Fixture => File.ReadAllText(FixturePath);

    [Fact]
    public async Task EachConversation_BecomesASession_WithTheBranchShownLast_AndOnlyItsVisibleMessages()
    {
        await using var gw = await TestGateway.StartAsync();

        var result = await gw.CallAsync<SessionsImportResult>("sessions.import", new SessionsImportParams(Fixture, ImportFormat.Chatgpt));

        Assert.Equal(["sourdough-starter", "trip-to-lisbon", "plot-this-chart", "sourdough-starter-2"], result.Keys);
        Assert.Equal(["created"], result.Sessions.Select(s => s.Action).Distinct());
        Assert.Equal("chatgpt:6a1f0c2e-0001-4c7a-9a51-5f0e2c3d4b01", result.Sessions[0].SourceKey);
        Assert.Equal([4, 2, 3, 0], result.Sessions.Select(s => s.Messages));
        Assert.Equal(["Sourdough starter", "Trip to Lisbon", "Plot this chart", "Sourdough starter (2)"], result.Sessions.Select(s => s.Label));

        Assert.Equal(
            [("user", "How often should I feed a sourdough starter?"), ("assistant", "Once a day at room temperature, once a week in the fridge."),
             ("user", "And with what ratio?"), ("assistant", "1:1:1 by weight: starter, flour, water.")],
            await ConversationAsync(gw, "sourdough-starter"));
        Assert.Equal(
            [("user", "Plan three days in Lisbon, without day trips."), ("assistant", "Day one: Alfama. Day two: Baixa and Chiado. Day three: Belém.")],
            await ConversationAsync(gw, "trip-to-lisbon"));
        Assert.Equal(
            [("user", "[image not imported]\n\nPlot the numbers in this photo."), ("assistant", "```python\nprint(sum([1, 2, 3]))\n```"),
             ("assistant", "[tether_browsing_display not imported]")],
            await ConversationAsync(gw, "plot-this-chart"));

        var entry = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("sourdough-starter"))).Entry;
        Assert.Equal((1709370000125L, 1709370600500L, 4, true), (entry.CreatedAt, entry.UpdatedAt, entry.MessageCount, entry.Persistent));
        Assert.Equal("6a1f0c2e-0001-4c7a-9a51-5f0e2c3d4b01", entry.SessionId);
        var first = (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("sourdough-starter"))).Messages[0];
        Assert.Equal((1L, 1709370001000L), (first.Seq, first.CreatedAt));
        Assert.Equal(5, (await gw.CallAsync<SessionsListResult>("sessions.list")).Total);
    }

    [Fact]
    public async Task ImportingTheSameFileAgain_AddsNothing()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsImportResult>("sessions.import", new SessionsImportParams(Fixture, ImportFormat.Chatgpt));

        var again = await gw.CallAsync<SessionsImportResult>("sessions.import", new SessionsImportParams(Fixture, ImportFormat.Chatgpt));

        Assert.Equal(["unchanged"], again.Sessions.Select(s => s.Action).Distinct());
        Assert.Equal(["sourdough-starter", "trip-to-lisbon", "plot-this-chart", "sourdough-starter-2"], again.Keys);
        Assert.Equal(5, (await gw.CallAsync<SessionsListResult>("sessions.list")).Total);
        Assert.Equal(4, (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("sourdough-starter"))).Messages.Count);
    }

    public static TheoryData<string, string> BadFiles()
    {
        var fixture = File.ReadAllText(FixturePath);
        var withBadLast = fixture.TrimEnd()[..^1] + """, {"title": "Broken", "mapping": {"x": {"id": "x", "parent": "gone", "children": []}}, "current_node": "x"}]""";
        return new()
        {
            { fixture[..900], "Not valid JSON (line " },
            { "{\"conversations\": []}", "this one is a JSON object" },
            { "PK\u0003\u0004rest-of-a-zip", "This is a zip file" },
            { "[]", "The file holds no conversations." },
            { "[{\"title\": \"No messages\"}]", "Conversation 1 ('No messages'): it has no \"mapping\" object" },
            { "[{\"title\": \"Lost\", \"current_node\": \"n9\", \"mapping\": {}}]", "Conversation 1 ('Lost'): its message 'n9'" },
            { "[{\"title\": \"Round\", \"current_node\": \"a\", \"mapping\": {\"a\": {\"parent\": \"b\"}, \"b\": {\"parent\": \"a\"}}}]", "go round in a loop" },
            { "[{\"id\": \"same\", \"mapping\": {}}, {\"id\": \"same\", \"mapping\": {}}]", "Conversation 2: it appears twice in the file (id same)." },
            { withBadLast, "Conversation 5 ('Broken'): its message 'gone'" },
            { "[42]", "Conversation 1: it is a JSON number, not a conversation object." },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task ABadOrCutFile_IsRefused_NamingTheProblem_AndNothingIsImported(string content, string problem)
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<SessionsImportResult>("sessions.import", new SessionsImportParams(content, ImportFormat.Chatgpt));

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error?.Code);
        Assert.Contains(problem, reply.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("content", reply.Error.Detail<string>("field"));
        Assert.Equal(1, (await gw.CallAsync<SessionsListResult>("sessions.list")).Total);
        Assert.Equal(0L, gw.Service<SessionStore>().Database.Read(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM messages";
            return (long)command.ExecuteScalar()!;
        }));
    }

    [Fact]
    public void Split_CutsTheConversationsIntoArrays_InOrder_EachWithinTheSize()
    {
        var parts = ChatGptConversations.Split(Fixture, 4000);

        Assert.True(parts.Count > 1);
        var ids = parts.SelectMany(p => JsonDocument.Parse(p).RootElement.EnumerateArray().Select(c => c.GetProperty("id").GetString())).ToList();
        Assert.Equal(["6a1f0c2e-0001-4c7a-9a51-5f0e2c3d4b01", "6a1f0c2e-0002-4c7a-9a51-5f0e2c3d4b02", "6a1f0c2e-0003-4c7a-9a51-5f0e2c3d4b03",
            "6a1f0c2e-0004-4c7a-9a51-5f0e2c3d4b04"], ids);
        Assert.All(parts.Where(p => JsonDocument.Parse(p).RootElement.GetArrayLength() > 1), p => Assert.True(p.Length <= 4000));
    }

    [Fact]
    public async Task Cli_ImportsTheFile_AndRefusesABadOneWithoutImporting()
    {
        await using var gw = await TestGateway.StartAsync();
        using var dir = new TempDir();
        var bad = Path.Combine(dir.Path, "cut.json");
        await File.WriteAllTextAsync(bad, Fixture[..900]);

        var refused = await CairnCli.RunAsync(gw, "import", "chatgpt", bad);
        var imported = await CairnCli.RunAsync(gw, "import", "chatgpt", FixturePath);

        Assert.Equal(1, refused.Code);
        Assert.StartsWith($"error INVALID_REQUEST: {bad}: Not valid JSON (line ", refused.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was imported.\n", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, imported.Code);
        Assert.Contains("chatgpt:6a1f0c2e-0002-4c7a-9a51-5f0e2c3d4b02  trip-to-lisbon", imported.Stdout, StringComparison.Ordinal);
        Assert.Equal(5, (await gw.CallAsync<SessionsListResult>("sessions.list")).Total);
    }

    private static async Task<List<(string Role, string Text)>> ConversationAsync(TestGateway gw, string key) =>
        [.. (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams(key))).Messages.Select(m => (m.Role, m.Text))];
}
