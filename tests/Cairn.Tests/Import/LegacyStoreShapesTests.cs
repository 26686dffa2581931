using System.Text.Json;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Import;

/// <summary>A legacy sessions-store.json in the data dir is imported when the gateway starts: one test per shape of file.</summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class LegacyStoreShapesTests
{
    internal static Task<TestGateway> StartAsync(TempDir dir, CapturedLogs? logs = null) =>
        TestGateway.StartAsync(dataDir: dir.Path, services: logs is null ? null : s => s.AddSingleton<ILoggerProvider>(logs));

    internal static async Task<SessionEntry> EntryAsync(TestGateway gw, string key) =>
        (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(key))).Entry;

    [Fact]
    public async Task Minimal_EntriesGetDefaults_AndABackupIsWritten()
    {
        using var dir = new TempDir();
        var file = Fixtures.PlaceLegacy(dir.Path, "minimal.json");
        var original = await File.ReadAllBytesAsync(file);

        await using var gw = await StartAsync(dir);

        var work = await EntryAsync(gw, "work");
        Assert.Equal("work", work.Label);
        Assert.Equal("5f1d8a2e-0c3b-4f6e-9a1d-000000000001", work.SessionId);
        Assert.False(work.Persistent);
        Assert.False(work.UserCreated);
        Assert.Equal(SessionKind.Peer, work.Kind);
        Assert.Equal(1735725600000, work.CreatedAt);
        Assert.Equal(1735725600000, work.UpdatedAt);
        Assert.Equal("home", (await EntryAsync(gw, "home")).Label);
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
        Assert.Equal(SessionKind.Main, main.Kind);
        Assert.Equal("Home base", main.Label);
        Assert.Equal("Everyday chat", main.Description);
        Assert.True(main.Persistent);
        Assert.Equal("7c9e6679-7425-40de-944b-e07fc1f90001", main.SessionId);
        Assert.Equal(1735000000000, main.CreatedAt);

        var project = await EntryAsync(gw, "project-x");
        Assert.Equal("Project X", project.Label);
        Assert.Equal("Launch plan and open questions", project.Description);
        Assert.True(project.Persistent);
        Assert.True(project.UserCreated);
        Assert.Equal(SessionKind.Named, project.Kind);
        Assert.Equal(1735100000000, project.CreatedAt);
        Assert.Equal(1735810000000, project.UpdatedAt);

        var scratch = await EntryAsync(gw, "scratch");
        Assert.False(scratch.Persistent);
        Assert.True((await gw.RequestAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("scratch"))).Ok);
        Assert.Equal(ErrorCode.SessionPersistent, (await gw.RequestAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("project-x"))).Error?.Code);
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
        Assert.False((await EntryAsync(gw, "research")).Persistent);
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
        Assert.Equal("Work stuff (old)", (await EntryAsync(gw, "work-stuff")).Label);
        var spaced = await EntryAsync(gw, "Work Stuff");
        Assert.Equal("work-stuff-2", spaced.Key);
        Assert.Equal("Work stuff", spaced.Label);

        var dm = await EntryAsync(gw, "agent:main:telegram:dm:12345");
        Assert.Equal("telegram-dm-12345", dm.Key);
        Assert.Equal("telegram:dm:12345", dm.Label);
        var resolved = (await gw.CallAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams("agent:main:telegram:dm:12345"))).Entry;
        Assert.Equal("telegram-dm-12345", resolved.Key);
        Assert.Equal("work-stuff-2", (await gw.CallAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams("work stuff"))).Entry.Key);

        Assert.Equal("arger-uber-ol", (await EntryAsync(gw, "Ärger über Öl")).Key);
        var rocket = await EntryAsync(gw, "🚀");
        Assert.Equal("session", rocket.Key);
        Assert.Equal("Launch", rocket.Label);
        Assert.Equal("main", (await EntryAsync(gw, "agent:main:main")).Key);
        Assert.Equal(6, gw.Service<SessionStore>().Count());
    }

    [Fact]
    public async Task AnImportedSessionInTheTrash_IsNotFoundByItsOldKey_AndPurgingItRemovesItsAliases()
    {
        using var dir = new TempDir();
        Fixtures.PlaceLegacy(dir.Path, "invalid-keys.json");
        await using var gw = await StartAsync(dir);
        var store = gw.Service<SessionStore>();
        Assert.Equal(["agent:main:telegram:dm:12345"], store.AliasesOf("telegram-dm-12345"));

        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("telegram-dm-12345"));

        Assert.Null(store.GetByAlias("agent:main:telegram:dm:12345"));
        Assert.Equal(["agent:main:telegram:dm:12345"], store.AliasesOf("telegram-dm-12345"));
        await gw.CallAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams("telegram-dm-12345"));
        Assert.Equal("telegram-dm-12345", store.GetByAlias("agent:main:telegram:dm:12345")!.Key);

        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("telegram-dm-12345"));
        await gw.CallAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("telegram-dm-12345"));

        Assert.Empty(store.AliasesOf("telegram-dm-12345"));
        Assert.Null(store.GetByAlias("agent:main:telegram:dm:12345"));
        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams("agent:main:telegram:dm:12345"))).Error?.Code);
    }

    [Fact]
    public async Task DuplicateLabels_GetANumberedSuffix_CaseInsensitively()
    {
        using var dir = new TempDir();
        Fixtures.PlaceLegacy(dir.Path, "duplicate-labels.json");

        await using var gw = await StartAsync(dir);

        Assert.Equal("Work", (await EntryAsync(gw, "w1")).Label);
        Assert.Equal("work (2)", (await EntryAsync(gw, "w2")).Label);
        Assert.Equal("WORK (3)", (await EntryAsync(gw, "w3")).Label);
        // Cairn's own main already holds "Main".
        Assert.Equal("Main (2)", (await EntryAsync(gw, "notes")).Label);
        Assert.Equal("Main", (await EntryAsync(gw, "main")).Label);
    }

    [Fact]
    public async Task TruncatedJson_GatewayStarts_GoodEntriesImported_FileLeftInPlace_ErrorNamesTheFile()
    {
        using var dir = new TempDir();
        var file = Fixtures.PlaceLegacy(dir.Path, "truncated.json");
        var original = await File.ReadAllBytesAsync(file);
        var logs = new CapturedLogs();

        await using var gw = await StartAsync(dir, logs);

        Assert.Equal("Alpha", (await EntryAsync(gw, "alpha")).Label);
        Assert.Equal("Beta", (await EntryAsync(gw, "beta")).Label);
        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams("gamma"))).Error?.Code);
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

        Assert.Equal("Good", (await EntryAsync(gw, "good")).Label);
        Assert.Equal("also-good", (await EntryAsync(gw, "also-good")).Label);
        Assert.Equal(3, gw.Service<SessionStore>().Count());
        var errors = string.Join("\n", logs.At(LogLevel.Error));
        Assert.Contains("entry 'not-an-object' is string, not an object", errors, StringComparison.Ordinal);
        Assert.Contains("entry 'no-session-id' has no sessionId", errors, StringComparison.Ordinal);
        Assert.Contains("entry 'bad-time' has no valid updatedAt", errors, StringComparison.Ordinal);
    }

    internal static string LegacyPath(TempDir dir) => Cairn.Import.LegacyStoreImport.PathIn(dir.Path);
}
