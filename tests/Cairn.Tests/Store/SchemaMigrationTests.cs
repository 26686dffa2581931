using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Cairn.Tests.Store;

/// <summary>
/// A database made by every earlier schema version, with representative rows written by raw SQL as that
/// version's code would have, opens at the latest version with every row intact and usable. The rows to
/// write are chosen by what the version's schema has, so steps added later need no change here.
/// </summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class SchemaMigrationTests
{
    private const long T0 = 1_735_000_000_000;

    public static TheoryData<int> EarlierVersions()
    {
        var versions = new TheoryData<int>();
        for (var v = 0; v < Migrations.Latest; v++)
        {
            versions.Add(v);
        }

        return versions;
    }

    [Theory]
    [MemberData(nameof(EarlierVersions))]
    public async Task DatabaseOfEarlierVersion_UpgradesWithEveryRowIntact(int version)
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, CairnDatabase.FileName);
        using (var old = CairnDatabase.Open(path, migrateTo: version))
        {
            Assert.Equal(version, old.SchemaVersion);
            await old.WriteAsync((c, tx) => Seed(c, tx));
        }

        using var db = CairnDatabase.Open(path);

        Assert.Equal(Migrations.Latest, db.SchemaVersion);
        Assert.Equal("ok", db.IntegrityCheck());
        if (version == 0)
        {
            Assert.Equal(0, new SessionStore(db).Count());
            return;
        }

        AssertIntact(db, prompt: version >= 2);
        if (version >= 3)
        {
            Assert.Equal("work", new PeerBindingStore(db).ActiveKey("cli:alice"));
            Assert.Equal(1L, db.Read(c => Scalar(c, "SELECT COUNT(*) FROM chat_requests WHERE idempotency_key = 'idem-1' AND run_id = 'run-1'")));
        }

        await AssertUsableAsync(db);
    }

    /// <summary>Step 7: upgraded rows read with no token count, no meter; new rows carry summaries, failures and counts.</summary>
    [Theory]
    [InlineData(6)]
    public async Task Step7_ContextColumns_ReadAndWrite(int version)
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, CairnDatabase.FileName);
        using (var old = CairnDatabase.Open(path, migrateTo: version))
        {
            await old.WriteAsync((c, tx) => Seed(c, tx));
        }

        using var db = CairnDatabase.Open(path);
        var transcripts = new TranscriptStore(db);
        var before = transcripts.ContextRows("work", "sid-work-2");
        Assert.Equal([1L, 2L], before.Select(r => r.Seq));
        Assert.All(before, r => Assert.Null(r.TokenCount));
        Assert.Null(new SessionStore(db).Get("work")!.ContextTokens);

        var summary = await transcripts.AppendOneAsync("work",
            new NewMessage(MessageRoles.Summary, "they said hello") { TokenCount = 3, CoversFrom = 1, CoversTo = 2 }, T0 + 30);
        var error = await transcripts.AppendOneAsync("work",
            new NewMessage(MessageRoles.Error, "boom") { Reason = "timeout" }, T0 + 31);
        var cut = await transcripts.AppendOneAsync("work",
            new NewMessage(MessageRoles.Assistant, "half a") { Incomplete = true, TokenCount = 2 }, T0 + 32);
        Assert.Equal((3L, 1L, 2L), (summary.Value!.Seq, summary.Value.CoversFrom!.Value, summary.Value.CoversTo!.Value));
        Assert.Equal("timeout", error.Value!.Reason);
        Assert.True(cut.Value!.Incomplete);

        var after = transcripts.ContextRows("work", "sid-work-2");
        Assert.Equal([3L, 5L], after.Select(r => r.Seq));
        Assert.Equal(3, after[0].TokenCount);
        var meter = await transcripts.SetContextMeterAsync("work", 2540, 8192);
        Assert.Equal((2540L, 8192L), (meter.Value!.ContextTokens!.Value, meter.Value.ContextWindow!.Value));
        Assert.Equal(2540L, new SessionStore(db).Get("work")!.ContextTokens);
    }

    [Fact]
    public void LatestDatabase_ReopenedAtLatest_ChangesNothing()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, CairnDatabase.FileName);
        using (CairnDatabase.Open(path))
        {
        }

        using var db = CairnDatabase.Open(path);

        Assert.Equal(Migrations.Latest, db.SchemaVersion);
        Assert.Equal("ok", db.IntegrityCheck());
    }

    /// <summary>What each version's code wrote: two sessions, two transcript generations, and the rows of later features.</summary>
    private static int Seed(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx)
    {
        if (!HasTable(c, tx, "sessions"))
        {
            return 0;
        }

        Exec(c, tx, "INSERT INTO sessions (key, session_id, label, label_norm, description, persistent, user_created, kind, created_at, updated_at, " +
            "last_message_at, message_count, input_tokens, output_tokens, rev) VALUES " +
            $"('main', 'sid-main', 'Main', 'main', NULL, 0, 0, 'main', {T0}, {T0}, NULL, 0, 0, 0, 1), " +
            $"('work', 'sid-work-2', 'Work Ünïcode', 'work ünïcode', 'desk', 1, 1, 'named', {T0 + 1}, {T0 + 9}, {T0 + 8}, 2, 30, 12, 4)");
        Exec(c, tx, "INSERT INTO messages (session_key, session_id, seq, role, text, created_at, input_tokens, output_tokens) VALUES " +
            $"('work', 'sid-work-1', 1, 'user', 'old question', {T0 + 2}, NULL, NULL), " +
            $"('work', 'sid-work-2', 1, 'user', 'hello', {T0 + 7}, NULL, NULL), " +
            $"('work', 'sid-work-2', 2, 'assistant', 'hi there', {T0 + 8}, 30, 12)");
        if (HasColumn(c, tx, "sessions", "system_prompt"))
        {
            Exec(c, tx, "UPDATE sessions SET system_prompt = 'Be brief.' WHERE key = 'work'");
        }

        if (HasTable(c, tx, "peer_bindings"))
        {
            Exec(c, tx, $"INSERT INTO peer_bindings (peer, key, updated_at) VALUES ('cli:alice', 'work', {T0 + 3})");
            Exec(c, tx, $"INSERT INTO chat_requests (idempotency_key, session_key, run_id, created_at) VALUES ('idem-1', 'work', 'run-1', {T0 + 4})");
        }

        return 1;
    }

    private static void AssertIntact(CairnDatabase db, bool prompt)
    {
        var store = new SessionStore(db);
        Assert.Equal(2, store.Count());
        Assert.Equal(SessionKind.Main, store.Get("main")!.Kind);
        var work = store.Get("work")!;
        Assert.Equal(
            new SessionEntry("work", "sid-work-2", "Work Ünïcode", "desk", true, true, SessionKind.Named, T0 + 1, T0 + 9, T0 + 8, 2, 30, 12, 4,
                prompt ? "Be brief." : null),
            work);
        Assert.Equal(3L, db.Read(c => Scalar(c, "SELECT COUNT(*) FROM messages WHERE session_key = 'work'")));
        Assert.Equal("hi there", db.Read(c => Scalar(c, "SELECT text FROM messages WHERE session_key = 'work' AND session_id = 'sid-work-2' AND seq = 2")));
        Assert.Equal(work, store.Resolve("work ünïcode").Single());
    }

    /// <summary>The upgraded rows work through the store: rename, reset, aliases of the newest schema, archive, trash, restore, purge.</summary>
    private static async Task AssertUsableAsync(CairnDatabase db)
    {
        var store = new SessionStore(db);
        var renamed = await store.PatchAsync("work", new SessionPatch(Label: "Day job", Persistent: false), T0 + 20);
        Assert.True(renamed.IsOk);
        Assert.Equal(5, renamed.Value!.Rev);
        var reset = await store.ResetAsync("work", "sid-work-3", T0 + 21);
        Assert.True(reset.IsOk);
        Assert.Equal("sid-work-2", reset.Value!.PreviousSessionId);

        var imported = await new ImportStore(db).ImportAsync(new ImportBatch("test", [
            new ImportedSession("Old Key", "old-key", "sid-old", "Old", true, null, false, false, SessionKind.Named, T0, T0, 0, 0, """{"x":1}"""),
        ]), T0 + 22);
        Assert.Equal("old-key", Assert.Single(imported).Key);
        Assert.Equal("old-key", store.GetByAlias("Old Key")!.Key);
        Assert.Equal("""{"x":1}""", store.GetExtra("old-key"));

        Assert.True((await store.ArchiveAsync("work", T0 + 23)).IsOk);
        Assert.Equal(0, store.List(new SessionQuery(10)).Sessions.Count(s => s.Key == "work"));
        Assert.Equal(T0 + 23, store.List(new SessionQuery(10, Shelf: SessionShelf.Archived)).Sessions.Single().ArchivedAt);
        Assert.True((await store.TrashAsync("work", T0 + 24)).IsOk);
        Assert.Equal("main", new PeerBindingStore(db).ActiveKey("cli:alice"));
        Assert.Equal(3L, db.Read(c => Scalar(c, "SELECT COUNT(*) FROM messages WHERE session_key = 'work'")));
        Assert.True((await store.RestoreAsync("work", T0 + 25)).IsOk);
        Assert.True((await store.TrashAsync("work", T0 + 26)).IsOk);
        Assert.True((await store.PurgeAsync("work")).IsOk);
        Assert.Equal(0L, db.Read(c => Scalar(c, "SELECT COUNT(*) FROM messages WHERE session_key = 'work'")));
        Assert.Null(store.GetAny("work"));
    }

    private static bool HasTable(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string table) =>
        Convert.ToInt64(Scalar(c, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'", tx), System.Globalization.CultureInfo.InvariantCulture) == 1;

    private static bool HasColumn(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string table, string column) =>
        Convert.ToInt64(Scalar(c, $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'", tx), System.Globalization.CultureInfo.InvariantCulture) == 1;

    private static void Exec(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string sql)
    {
        using var command = new SqliteCommand(sql, (SqliteConnection)c, (SqliteTransaction?)tx);
        command.ExecuteNonQuery();
    }

    private static object? Scalar(System.Data.Common.DbConnection c, string sql, System.Data.Common.DbTransaction? tx = null)
    {
        using var command = new SqliteCommand(sql, (SqliteConnection)c, (SqliteTransaction?)tx);
        return command.ExecuteScalar();
    }
}
