using Cairn.Import;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Import;

/// <summary>Reading an OpenClaw agent's sessions folder and importing it into a data dir, without the CLI.</summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class OpenClawImportTests
{
    private const string MainId = "a1b2c3d4-0000-4000-8000-000000000001";
    private const string ResetGeneration = MainId + ".reset.2025-01-08T04-00-00.000Z";

    [Fact]
    public async Task ReadFolder_MapsEntries_AndCountsWhatItSkips()
    {
        var source = await OpenClawFolder.ReadAsync(Fixtures.OpenClawSessions, CancellationToken.None);

        Assert.Empty(source.Problems);
        Assert.Equal(["agent:main:main", "agent:main:telegram:group:-100200300", "agent:main:work", "agent:main:empty"], source.Sessions.Select(s => s.SourceKey));
        Assert.Equal(new TranscriptStats(Messages: 12, ToolResults: 1, OtherEntries: 5, Unparsable: 2, Empty: 1), source.Stats);
        Assert.Equal(["ffffffff-0000-4000-8000-00000000dead.jsonl.deleted.2025-01-01T00-00-00.000Z"], source.Unmatched);
        Assert.Equal(1, source.MissingTranscripts);

        var main = source.Sessions[0];
        Assert.Equal([ResetGeneration, MainId], main.Generations.Select(g => g.SessionId));
        var current = main.Generations[1].Messages;
        Assert.Equal(["user", "assistant", "assistant", "user", "assistant"], current.Select(m => m.Role));
        Assert.Equal(new ImportedMessage("user", "What is the capital of France?", 1736409660000), current[0]);
        Assert.Equal(new ImportedMessage("assistant", "Paris.", 1736409665000, 120, 8), current[1]);
        Assert.Equal("Confirmed: Paris\n\nis the capital.", current[2].Text);
        Assert.Equal("And of Italy?", current[3].Text);
        Assert.Equal(DateTimeOffset.Parse("2025-01-07T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), main.CreatedAt);
    }

    [Fact]
    public async Task Import_WritesSessionsLabelsTokensAndTranscripts()
    {
        using var dir = new TempDir();

        var result = await OpenClawImport.RunAsync(Fixtures.OpenClawSessions, dir.Path, dryRun: false, new ManualTimeProvider(), CancellationToken.None);

        Assert.Equal(["main", "telegram-group-100200300", "work", "empty"], result.Rows.Select(r => r.Key));
        using var db = CairnDatabase.Open(Path.Combine(dir.Path, CairnDatabase.FileName));
        var store = new SessionStore(db);
        Assert.Equal(4, store.Count());

        var main = store.Get("main")!;
        Assert.Equal((MainId, "Main", SessionKind.Main, 1500L, 420L, 5), (main.SessionId, main.Label, main.Kind, main.InputTokens, main.OutputTokens, main.MessageCount));
        var lastMessage = DateTimeOffset.Parse("2025-01-09T09:05:09Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        Assert.Equal(lastMessage, main.LastMessageAt);
        Assert.Equal(lastMessage, main.UpdatedAt);
        Assert.Contains("\"model\":\"claude-sonnet-4\"", store.GetExtra("main"), StringComparison.Ordinal);
        Assert.Equal(["user", "assistant"], Roles(db, "main", ResetGeneration));
        Assert.Equal(["user", "assistant", "assistant", "user", "assistant"], Roles(db, "main", MainId));

        var group = store.Get("telegram-group-100200300")!;
        Assert.Equal(("telegram:g-family", SessionKind.Peer, 300L, 90L, 2), (group.Label, group.Kind, group.InputTokens, group.OutputTokens, group.MessageCount));
        var work = store.GetByAlias("agent:main:work")!;
        Assert.Equal(("work", "Work", SessionKind.Named, 10L, 5L, 3, 1736600000000L), (work.Key, work.Label, work.Kind, work.InputTokens, work.OutputTokens, work.MessageCount, work.UpdatedAt));
        Assert.Equal(0, store.Get("empty")!.MessageCount);
        Assert.Equal(["agent:main:main"], store.AliasesOf("main"));
    }

    [Fact]
    public async Task DryRun_ReportsThePlan_AndChangesNothing()
    {
        using var dir = new TempDir();
        using (var db = CairnDatabase.Open(Path.Combine(dir.Path, CairnDatabase.FileName)))
        {
            await new SessionStore(db).EnsureMainAsync(1);
            await new SessionStore(db).CreateAsync(new NewSession("work", true, "Work", null, true, true, SessionKind.Named, "sid"), 2);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = Directory.GetFiles(dir.Path).Order().ToList();

        var result = await OpenClawImport.RunAsync(Fixtures.OpenClawSessions, dir.Path, dryRun: true, new ManualTimeProvider(), CancellationToken.None);

        Assert.True(result.DryRun);
        var work = Assert.Single(result.Rows, r => r.SourceKey == "agent:main:work");
        Assert.Equal(("work-2", "Work (2)", ImportAction.Created, 3), (work.Key, work.Label, work.Action, work.MessagesAdded));
        Assert.Equal(before, Directory.GetFiles(dir.Path).Order().ToList());
        using var after = CairnDatabase.Open(Path.Combine(dir.Path, CairnDatabase.FileName));
        Assert.Equal(2, new SessionStore(after).Count());
        Assert.Null(new SessionStore(after).GetByAlias("agent:main:work"));
        Assert.Equal(0, Rows(after, "SELECT COUNT(*) FROM messages"));
    }

    [Fact]
    public async Task DryRun_IntoADataDirThatDoesNotExist_DoesNotCreateIt()
    {
        using var dir = new TempDir();
        var dataDir = Path.Combine(dir.Path, "not-yet");

        var result = await OpenClawImport.RunAsync(Fixtures.OpenClawSessions, dataDir, dryRun: true, new ManualTimeProvider(), CancellationToken.None);

        Assert.Equal(4, result.Rows.Count);
        Assert.False(Directory.Exists(dataDir));
    }

    [Fact]
    public async Task RunningAgain_AddsOnlyWhatIsNew_AndChangesNothingElse()
    {
        using var dir = new TempDir();
        var source = Fixtures.CopyOpenClaw(dir.Path);
        var dataDir = Path.Combine(dir.Path, "data");
        await OpenClawImport.RunAsync(source, dataDir, dryRun: false, new ManualTimeProvider(), CancellationToken.None);
        var again = await OpenClawImport.RunAsync(source, dataDir, dryRun: false, new ManualTimeProvider(), CancellationToken.None);
        Assert.All(again.Rows, r => Assert.Equal(ImportAction.Unchanged, r.Action));

        await File.WriteAllTextAsync(Path.Combine(source, "a1b2c3d4-0000-4000-8000-000000000003.jsonl.reset.2025-02-01T04-00-00.000Z"),
            """
            {"type":"session","version":3,"id":"a1b2c3d4-0000-4000-8000-000000000003","timestamp":"2025-01-10T09:00:00.000Z"}
            {"type":"message","id":"z1","parentId":null,"timestamp":"2025-01-10T09:00:05.000Z","message":{"role":"user","content":"Monday notes"}}
            """);
        var third = await OpenClawImport.RunAsync(source, dataDir, dryRun: false, new ManualTimeProvider(), CancellationToken.None);

        var work = Assert.Single(third.Rows, r => r.Action != ImportAction.Unchanged);
        Assert.Equal(("work", ImportAction.Updated, 1, 1), (work.Key, work.Action, work.GenerationsAdded, work.MessagesAdded));
        using var db = CairnDatabase.Open(Path.Combine(dataDir, CairnDatabase.FileName));
        Assert.Equal(4, new SessionStore(db).Count());
        Assert.Equal(13, Rows(db, "SELECT COUNT(*) FROM messages"));
        Assert.Equal(3, new SessionStore(db).Get("work")!.MessageCount);
    }

    [Fact]
    public async Task DataDirHeldByAGateway_IsRefused()
    {
        using var dir = new TempDir();
        using var gatewayLock = DataDirLock.TryAcquire(dir.Path);

        var refused = await Assert.ThrowsAsync<ImportRefusedException>(() =>
            OpenClawImport.RunAsync(Fixtures.OpenClawSessions, dir.Path, dryRun: false, new ManualTimeProvider(), CancellationToken.None));

        Assert.Equal(OpenClawImport.ExitDataDirBusy, refused.ExitCode);
        Assert.Contains("A gateway is running on the data dir", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, CairnDatabase.FileName)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PostgresDataDir_IsRefused_WithoutMakingASqliteFile(bool dryRun)
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), "store: { provider: postgres, connectionString: 'Host=db.invalid;Database=cairn' }");

        var refused = await Assert.ThrowsAsync<ImportRefusedException>(() =>
            OpenClawImport.RunAsync(Fixtures.OpenClawSessions, dir.Path, dryRun, new ManualTimeProvider(), CancellationToken.None));

        Assert.Equal(OpenClawImport.ExitBadInput, refused.ExitCode);
        Assert.Contains("uses the PostgreSQL store", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, CairnDatabase.FileName)));
    }

    [Fact]
    public async Task AgentFolder_IsAccepted_AndAFolderWithoutSessionsJsonIsRefused()
    {
        using var dir = new TempDir();
        var agent = Path.GetDirectoryName(Fixtures.OpenClawSessions)!;

        var result = await OpenClawImport.RunAsync(agent, Path.Combine(dir.Path, "data"), dryRun: true, new ManualTimeProvider(), CancellationToken.None);
        Assert.Equal(Fixtures.OpenClawSessions, result.Source.SessionsDir);

        var refused = await Assert.ThrowsAsync<ImportRefusedException>(() =>
            OpenClawImport.RunAsync(dir.Path, Path.Combine(dir.Path, "data"), dryRun: true, new ManualTimeProvider(), CancellationToken.None));
        Assert.Equal(OpenClawImport.ExitBadInput, refused.ExitCode);
        Assert.Contains("No sessions.json in", refused.Message, StringComparison.Ordinal);
    }

    private static List<string> Roles(CairnDatabase db, string key, string sessionId) => db.Read(c =>
    {
        using var command = c.Command("SELECT role FROM messages WHERE session_key = @k AND session_id = @s ORDER BY seq")
            .With("@k", key).With("@s", sessionId);
        using var reader = command.ExecuteReader();
        var roles = new List<string>();
        while (reader.Read())
        {
            roles.Add(reader.GetString(0));
        }

        return roles;
    });

    private static int Rows(CairnDatabase db, string sql) => db.Read(c =>
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    });
}
