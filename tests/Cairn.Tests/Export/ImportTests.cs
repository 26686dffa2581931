using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Protocol;
using Cairn.Tests.Cli;
using Cairn.Tests.Support;

namespace Cairn.Tests.Export;

/// <summary>
/// <c>sessions.import</c> and <c>cairn import cairn</c>: Cairn's own export comes back whole (export → import → export
/// gives the same document), a taken key is renamed, a second import adds nothing, and a bad or cut file imports nothing.
/// </summary>
public sealed class ImportTests
{
    private static async Task<TestGateway> SeededAsync()
    {
        var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Garden", Description: "Vegetables", Persistent: false));
        await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("garden", SystemPrompt: "Answer briefly."));
        await SendAsync(gw, "garden", "Which tomatoes?");
        await gw.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("garden"));
        await SendAsync(gw, "garden", "First sowing date?");
        await SendAsync(gw, "garden", "And the second?");
        await SendAsync(gw, "garden", "/compact");
        await SendAsync(gw, "main", "hello main");
        return gw;
    }

    private static Task<ChatSendResult> SendAsync(TestGateway gw, string key, string text) =>
        gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(text, key, Wait: true));

    private static async Task<string> ExportJsonAsync(TestGateway gw, string key) =>
        (await gw.CallAsync<SessionsExportResult>("sessions.export", new SessionsExportParams(key, ExportFormat.Json))).Content;

    /// <summary>The document without the moment of export, for comparing two exports.</summary>
    private static string Timeless(string json)
    {
        var node = JsonNode.Parse(json)!;
        node["exportedAt"] = 0;
        return node.ToJsonString();
    }

    [Fact]
    public async Task ExportImportExport_GivesTheSameDocument()
    {
        await using var from = await SeededAsync();
        await using var to = await TestGateway.StartAsync();
        var garden = await ExportJsonAsync(from, "garden");
        var main = await ExportJsonAsync(from, "main");

        var imported = await to.CallAsync<SessionsImportResult>("sessions.import", new SessionsImportParams(garden + main));

        Assert.Equal(["garden", "main"], imported.Keys);
        Assert.Equal(["created", "updated"], imported.Sessions.Select(s => s.Action));
        Assert.Equal(Timeless(garden), Timeless(await ExportJsonAsync(to, "garden")));
        Assert.Equal(Timeless(main), Timeless(await ExportJsonAsync(to, "main")));
        var entry = (await to.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("garden"))).Entry;
        var original = (await from.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("garden"))).Entry;
        Assert.Equal(original.MessageCount, entry.MessageCount);
        Assert.Equal(original.SessionId, entry.SessionId);

        // The conversation goes on where it stopped: the summary still stands for its messages.
        await SendAsync(to, "garden", "And the third?");
        var history = await to.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("garden"));
        Assert.Contains(history.Messages, m => m.Role == MessageRoles.Summary && m.CoversFrom == 1);
    }

    [Fact]
    public async Task AnArchivedSession_ComesBackArchived_AndAKeyInTheTrashIsNotReused()
    {
        await using var from = await SeededAsync();
        await using var to = await TestGateway.StartAsync();
        await from.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("garden"));
        var garden = await ExportJsonAsync(from, "garden");
        await to.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Garden"));
        await to.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("garden"));

        var imported = await to.CallAsync<SessionsImportResult>("sessions.import", new SessionsImportParams(garden));

        Assert.Equal(("garden-2", "Garden (2)"), (imported.Keys.Single(), imported.Sessions.Single().Label));
        var entry = (await to.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("garden-2"))).Entry;
        Assert.Equal(JsonNode.Parse(garden)!["session"]!["archivedAt"]!.GetValue<long>(), entry.ArchivedAt);
        Assert.NotNull(to.Service<Cairn.Store.SessionStore>().GetAny("garden")!.TrashedAt);
    }

    [Fact]
    public async Task ATakenKey_IsRenamed_AndASecondImportAddsNothing()
    {
        await using var gw = await SeededAsync();
        var garden = await ExportJsonAsync(gw, "garden");

        var first = await gw.CallAsync<SessionsImportResult>("sessions.import", new SessionsImportParams(garden));
        var again = await gw.CallAsync<SessionsImportResult>("sessions.import", new SessionsImportParams(garden));

        Assert.Equal(["garden-2"], first.Keys);
        Assert.Equal("Garden (2)", first.Sessions[0].Label);
        Assert.Equal(2, first.Sessions[0].Generations);
        Assert.Equal(["garden-2"], again.Keys);
        Assert.Equal("unchanged", again.Sessions[0].Action);
        Assert.Equal(0, again.Sessions[0].Messages);
    }

    [Fact]
    public async Task ABadOrCutFile_ImportsNothing_AndSaysWhatIsWrong()
    {
        await using var from = await SeededAsync();
        await using var to = await TestGateway.StartAsync();
        var garden = JsonSerializer.Serialize(JsonNode.Parse(await ExportJsonAsync(from, "garden")));
        var main = JsonSerializer.Serialize(JsonNode.Parse(await ExportJsonAsync(from, "main")));
        var wrongVersion = garden.Replace("\"version\":1", "\"version\":9", StringComparison.Ordinal);
        var badRole = garden.Replace("\"role\":\"user\"", "\"role\":\"wizard\"", StringComparison.Ordinal);

        var cut = await to.RequestAsync<SessionsImportResult>("sessions.import", new SessionsImportParams(garden + "\n" + main[..(main.Length / 2)]));
        var version = await to.RequestAsync<SessionsImportResult>("sessions.import", new SessionsImportParams(wrongVersion));
        var role = await to.RequestAsync<SessionsImportResult>("sessions.import", new SessionsImportParams(badRole));
        var notOurs = await to.RequestAsync<SessionsImportResult>("sessions.import", new SessionsImportParams("""{"conversations": []}"""));
        var empty = await to.RequestAsync<SessionsImportResult>("sessions.import", new SessionsImportParams("  "));

        Assert.All([cut, version, role, notOurs, empty], r => Assert.Equal(ErrorCode.InvalidRequest, r.Error!.Code));
        Assert.StartsWith("Not a Cairn export (session 2 of the file", cut.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("version 9", version.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("known role", role.Error!.Message, StringComparison.Ordinal);
        var list = await to.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams());
        Assert.Equal(["main"], list.Sessions.Select(s => s.Key));
        Assert.Equal(0, list.Sessions[0].MessageCount);
    }

    [Fact]
    public async Task TheCli_ImportsAnExportAll_File_WithATable()
    {
        await using var from = await SeededAsync();
        await using var to = await TestGateway.StartAsync();
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "all.jsonl");
        Assert.Equal(0, (await CairnCli.RunAsync(from, "export", "--all", "-o", file)).Code);

        var imported = await CairnCli.RunAsync(to, "import", "cairn", file);
        var bad = await CairnCli.RunAsync(to, "import", "cairn", Path.Combine(dir.Path, "missing.jsonl"));

        Assert.Equal(0, imported.Code);
        Assert.Matches("^FROM +KEY +ACTION +CONVERSATIONS +MESSAGES\n", imported.Stdout);
        Assert.Matches("garden +garden +created +2 ", imported.Stdout);
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("no such file", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(Timeless(await ExportJsonAsync(from, "garden")), Timeless(await ExportJsonAsync(to, "garden")));
    }
}
