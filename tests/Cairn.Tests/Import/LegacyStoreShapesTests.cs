using System.Text.Json;
using Cairn.Store;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Import;

/// <summary>A legacy sessions-store.json in the data dir is imported when the gateway starts: one test per shape of file.</summary>
public sealed class LegacyStoreShapesTests
{
    internal static Task<TestGateway> StartAsync(TempDir dir, CapturedLogs? logs = null) =>
        TestGateway.StartAsync(dataDir: dir.Path, services: logs is null ? null : s => s.AddSingleton<ILoggerProvider>(logs));

    internal static async Task<JsonElement> EntryAsync(TestGateway gw, string key) =>
        (await gw.OkAsync("sessions.get", new { key })).GetProperty("entry");

    [Fact]
    public async Task Minimal_EntriesGetDefaults_AndABackupIsWritten()
    {
        using var dir = new TempDir();
        var file = Fixtures.PlaceLegacy(dir.Path, "minimal.json");
        var original = await File.ReadAllBytesAsync(file);

        await using var gw = await StartAsync(dir);

        var work = await EntryAsync(gw, "work");
        Assert.Equal("work", work.GetProperty("label").GetString());
        Assert.Equal("5f1d8a2e-0c3b-4f6e-9a1d-000000000001", work.GetProperty("sessionId").GetString());
        Assert.False(work.GetProperty("persistent").GetBoolean());
        Assert.False(work.GetProperty("userCreated").GetBoolean());
        Assert.Equal("peer", work.GetProperty("kind").GetString());
        Assert.Equal(1735725600000, work.GetProperty("createdAt").GetInt64());
        Assert.Equal(1735725600000, work.GetProperty("updatedAt").GetInt64());
        Assert.Equal("home", (await EntryAsync(gw, "home")).GetProperty("label").GetString());
        Assert.Equal(3, gw.Service<SessionStore>().Count());

        Assert.Equal(original, await File.ReadAllBytesAsync(file));
        var backup = Assert.Single(Directory.GetFiles(dir.Path, "sessions-store.json.bak-*"));
        Assert.EndsWith(".bak-20260302-100000", backup, StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllBytesAsync(backup));
    }

    [Fact]
    public async Task Full_KeepsEveryField_AndLegacyMainUpdatesMain()
    {
        using var dir = new TempDir();
        Fixtures.PlaceLegacy(dir.Path, "full.json");

        await using var gw = await StartAsync(dir);

        Assert.Equal(3, gw.Service<SessionStore>().Count());
        var main = await EntryAsync(gw, "main");
        Assert.Equal("main", main.GetProperty("kind").GetString());
        Assert.Equal("Home base", main.GetProperty("label").GetString());
        Assert.Equal("Everyday chat", main.GetProperty("description").GetString());
        Assert.True(main.GetProperty("persistent").GetBoolean());
        Assert.Equal("7c9e6679-7425-40de-944b-e07fc1f90001", main.GetProperty("sessionId").GetString());
        Assert.Equal(1735000000000, main.GetProperty("createdAt").GetInt64());

        var project = await EntryAsync(gw, "project-x");
        Assert.Equal("Project X", project.GetProperty("label").GetString());
        Assert.Equal("Launch plan and open questions", project.GetProperty("description").GetString());
        Assert.True(project.GetProperty("persistent").GetBoolean());
        Assert.True(project.GetProperty("userCreated").GetBoolean());
        Assert.Equal("named", project.GetProperty("kind").GetString());
        Assert.Equal(1735100000000, project.GetProperty("createdAt").GetInt64());
        Assert.Equal(1735810000000, project.GetProperty("updatedAt").GetInt64());

        var scratch = await EntryAsync(gw, "scratch");
        Assert.False(scratch.GetProperty("persistent").GetBoolean());
        Assert.True((await gw.CallAsync("sessions.reset", new { key = "scratch" })).Ok);
        Assert.Equal("SESSION_PERSISTENT", (await gw.CallAsync("sessions.reset", new { key = "project-x" })).ErrorCode);
    }

    [Fact]
    public async Task UnknownFields_AreKeptInTheExtraColumn_NotDropped()
    {
        using var dir = new TempDir();
        Fixtures.PlaceLegacy(dir.Path, "unknown-fields.json");

        await using var gw = await StartAsync(dir);

        var store = gw.Service<SessionStore>();
        using var extra = JsonDocument.Parse(store.GetExtra("research")!);
        var root = extra.RootElement;
        Assert.Equal("gpt-4o", root.GetProperty("model").GetString());
        Assert.Equal("high", root.GetProperty("thinkingLevel").GetString());
        Assert.Equal(42, root.GetProperty("origin").GetProperty("chatId").GetInt32());
        Assert.Equal(["papers", "ml"], root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(128000, root.GetProperty("contextTokens").GetInt32());
        // A known field of the wrong type is kept as it was, and the session gets the default.
        Assert.Equal("yes", root.GetProperty("persistent").GetString());
        Assert.False((await EntryAsync(gw, "research")).GetProperty("persistent").GetBoolean());
        Assert.False(root.TryGetProperty("label", out _));
        Assert.Null(store.GetExtra("plain"));
    }

    [Fact]
    public async Task InvalidKeys_AreMappedToValidOnes_AndOldKeysResolveOverHttp()
    {
        using var dir = new TempDir();
        Fixtures.PlaceLegacy(dir.Path, "invalid-keys.json");

        await using var gw = await StartAsync(dir);

        // A valid old key keeps its key; an invalid one becomes a slug, with -2 where that is taken.
        Assert.Equal("Work stuff (old)", (await EntryAsync(gw, "work-stuff")).GetProperty("label").GetString());
        var spaced = await EntryAsync(gw, "Work Stuff");
        Assert.Equal("work-stuff-2", spaced.GetProperty("key").GetString());
        Assert.Equal("Work stuff", spaced.GetProperty("label").GetString());

        var dm = await EntryAsync(gw, "agent:main:telegram:dm:12345");
        Assert.Equal("telegram-dm-12345", dm.GetProperty("key").GetString());
        Assert.Equal("telegram:dm:12345", dm.GetProperty("label").GetString());
        var resolved = (await gw.OkAsync("sessions.resolve", new { name = "agent:main:telegram:dm:12345" })).GetProperty("entry");
        Assert.Equal("telegram-dm-12345", resolved.GetProperty("key").GetString());
        Assert.Equal("work-stuff-2", (await gw.OkAsync("sessions.resolve", new { name = "work stuff" })).GetProperty("entry").GetProperty("key").GetString());

        Assert.Equal("arger-uber-ol", (await EntryAsync(gw, "Ärger über Öl")).GetProperty("key").GetString());
        var rocket = await EntryAsync(gw, "🚀");
        Assert.Equal("session", rocket.GetProperty("key").GetString());
        Assert.Equal("Launch", rocket.GetProperty("label").GetString());
        Assert.Equal("main", (await EntryAsync(gw, "agent:main:main")).GetProperty("key").GetString());
        Assert.Equal(6, gw.Service<SessionStore>().Count());
    }

    [Fact]
    public async Task DeletingAnImportedSession_RemovesItsAliases()
    {
        using var dir = new TempDir();
        Fixtures.PlaceLegacy(dir.Path, "invalid-keys.json");
        await using var gw = await StartAsync(dir);
        var store = gw.Service<SessionStore>();
        Assert.Equal(["agent:main:telegram:dm:12345"], store.AliasesOf("telegram-dm-12345"));

        await gw.OkAsync("sessions.delete", new { key = "telegram-dm-12345" });

        Assert.Empty(store.AliasesOf("telegram-dm-12345"));
        Assert.Null(store.GetByAlias("agent:main:telegram:dm:12345"));
        Assert.Equal("NOT_FOUND", (await gw.CallAsync("sessions.resolve", new { name = "agent:main:telegram:dm:12345" })).ErrorCode);
    }

    [Fact]
    public async Task DuplicateLabels_GetANumberedSuffix_CaseInsensitively()
    {
        using var dir = new TempDir();
        Fixtures.PlaceLegacy(dir.Path, "duplicate-labels.json");

        await using var gw = await StartAsync(dir);

        Assert.Equal("Work", (await EntryAsync(gw, "w1")).GetProperty("label").GetString());
        Assert.Equal("work (2)", (await EntryAsync(gw, "w2")).GetProperty("label").GetString());
        Assert.Equal("WORK (3)", (await EntryAsync(gw, "w3")).GetProperty("label").GetString());
        // Cairn's own main already holds "Main".
        Assert.Equal("Main (2)", (await EntryAsync(gw, "notes")).GetProperty("label").GetString());
        Assert.Equal("Main", (await EntryAsync(gw, "main")).GetProperty("label").GetString());
    }

    [Fact]
    public async Task TruncatedJson_GatewayStarts_GoodEntriesImported_FileLeftInPlace_ErrorNamesTheFile()
    {
        using var dir = new TempDir();
        var file = Fixtures.PlaceLegacy(dir.Path, "truncated.json");
        var original = await File.ReadAllBytesAsync(file);
        var logs = new CapturedLogs();

        await using var gw = await StartAsync(dir, logs);

        Assert.Equal("Alpha", (await EntryAsync(gw, "alpha")).GetProperty("label").GetString());
        Assert.Equal("Beta", (await EntryAsync(gw, "beta")).GetProperty("label").GetString());
        Assert.Equal("NOT_FOUND", (await gw.CallAsync("sessions.get", new { key = "gamma" })).ErrorCode);
        Assert.Equal(original, await File.ReadAllBytesAsync(file));
        var error = Assert.Single(logs.At(LogLevel.Error));
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Contains("damaged at line 4", error, StringComparison.Ordinal);
        Assert.Contains("2 entries before that point", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongShape_GatewayStarts_AndTheErrorSaysWhatWasFound()
    {
        using var dir = new TempDir();
        var file = LegacyPath(dir);
        await File.WriteAllTextAsync(file, """[{"sessionId":"x","updatedAt":1}]""");
        var logs = new CapturedLogs();

        await using var gw = await StartAsync(dir, logs);

        Assert.Equal(1, gw.Service<SessionStore>().Count());
        var error = Assert.Single(logs.At(LogLevel.Error));
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Contains("starts with an array", error, StringComparison.Ordinal);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task BadEntries_AreSkippedAndNamed_TheRestImported()
    {
        using var dir = new TempDir();
        Fixtures.PlaceLegacy(dir.Path, "bad-entries.json");
        var logs = new CapturedLogs();

        await using var gw = await StartAsync(dir, logs);

        Assert.Equal("Good", (await EntryAsync(gw, "good")).GetProperty("label").GetString());
        Assert.Equal("also-good", (await EntryAsync(gw, "also-good")).GetProperty("label").GetString());
        Assert.Equal(3, gw.Service<SessionStore>().Count());
        var errors = string.Join("\n", logs.At(LogLevel.Error));
        Assert.Contains("entry 'not-an-object' is string, not an object", errors, StringComparison.Ordinal);
        Assert.Contains("entry 'no-session-id' has no sessionId", errors, StringComparison.Ordinal);
        Assert.Contains("entry 'bad-time' has no valid updatedAt", errors, StringComparison.Ordinal);
    }

    internal static string LegacyPath(TempDir dir) => Cairn.Import.LegacyStoreImport.PathIn(dir.Path);
}
