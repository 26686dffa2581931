using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

/// <summary>
/// The derived tables behind <c>sessions.list</c> (trigger-kept totals, the trigram search index, the filter
/// indexes) must always agree with the sessions table: after every kind of write, and after the migration
/// that builds them over existing rows. Each expectation is checked against a plain scan of the table.
/// </summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class SessionsListIndexTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Totals_FollowCreatePatchResetArchiveTrashRestoreAndPurge_ForEveryFilterAndShelf()
    {
        using var db = Open();
        var store = new SessionStore(db);
        for (var i = 0; i < 30; i++)
        {
            await store.CreateAsync(New($"Session {i}", persistent: i % 3 == 0, userCreated: i % 4 != 0), i);
        }

        await store.PatchAsync("session-1", new SessionPatch(Persistent: true), 100);
        await store.PatchAsync("session-3", new SessionPatch(Persistent: false, Label: "Renamed three"), 101);
        await store.ResetAsync("session-5", Guid.NewGuid().ToString(), 102);
        await store.TrashAsync("session-6", 103);
        await store.TrashAsync("session-7", 104);
        await store.ArchiveAsync("session-8", 105);
        await store.ArchiveAsync("session-9", 106);
        await store.ArchiveAsync("session-10", 107);
        await store.TrashAsync("session-10", 108);
        await store.UnarchiveAsync("session-9", 109);
        await store.PatchAsync("session-8", new SessionPatch(Persistent: false), 110);
        await store.ArchiveAsync("session-11", 111);
        await store.TrashAsync("session-11", 112);
        await store.RestoreAsync("session-11", 113);
        await store.TrashAsync("session-12", 114);
        await store.PurgeAsync("session-12");

        AssertTotalsMatchScan(store);
        Assert.Equal(24, store.Count());
        Assert.Equal(2, store.Count(SessionShelf.Archived));
        Assert.Equal(3, store.Count(SessionShelf.Trashed));
    }

    [Fact]
    public async Task Search_FindsLabelKeyAndDescription_AndFollowsRenameAndDelete()
    {
        using var db = Open();
        var store = new SessionStore(db);
        await store.CreateAsync(New("Harbor plans", key: "harbor-plans"), 1);
        await store.CreateAsync(New("Budget", description: "Numbers for the HARBOR office"), 2);
        await store.CreateAsync(New("Garden", key: "harborside"), 3);
        await store.CreateAsync(New("Unrelated"), 4);

        Assert.Equal(["harborside", "budget", "harbor-plans"], Keys(store, "harbor"));
        Assert.Equal(["budget"], Keys(store, "the harbor off"));

        await store.PatchAsync("harbor-plans", new SessionPatch(Label: "Dock plans"), 5);
        await store.PatchAsync("budget", new SessionPatch(SetDescription: true, Description: null), 6);
        await store.PatchAsync("unrelated", new SessionPatch(SetDescription: true, Description: "moved to the harbor"), 7);
        await store.TrashAsync("harborside", 8);

        Assert.Equal(["unrelated", "harbor-plans"], Keys(store, "harbor"));
        Assert.Equal(["harbor-plans"], Keys(store, "dock pl"));
        Assert.Equal(2, store.List(new SessionQuery(1, Search: "harbor")).Total);
    }

    [Theory]
    [InlineData("ar", new[] { "garden", "harbor" })]
    [InlineData("\"quoted\"", new[] { "say-quoted-things" })]
    [InlineData("a\" OR \"b", new string[0])]
    [InlineData("rb*", new string[0])]
    [InlineData("ÉTÉ", new[] { "ete" })]
    [InlineData("💡 id", new[] { "idea" })]
    public async Task Search_IsALiteralCaseInsensitiveSubstring_ShortOrNot(string search, string[] expected)
    {
        using var db = Open();
        var store = new SessionStore(db);
        await store.CreateAsync(New("Harbor"), 1);
        await store.CreateAsync(New("Garden"), 2);
        await store.CreateAsync(New("Say \"quoted\" things"), 3);
        await store.CreateAsync(New("Été", key: "ete"), 4);
        await store.CreateAsync(New("💡 Idea"), 5);

        Assert.Equal(expected.Order(StringComparer.Ordinal), Keys(store, search).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(SessionSort.Updated)]
    [InlineData(SessionSort.Created)]
    [InlineData(SessionSort.Label)]
    public async Task FilteredPages_KeepTheirSortOrder_AcrossCursors(SessionSort sort)
    {
        using var db = Open();
        var store = new SessionStore(db);
        for (var i = 0; i < 40; i++)
        {
            await store.CreateAsync(New($"S{(i * 7) % 40:D2}", persistent: i % 2 == 0, userCreated: i % 5 != 0), i);
            await store.PatchAsync($"s{(i * 7) % 40:D2}", new SessionPatch(SetDescription: true, Description: $"xyz {i}"), 1000 - (i * 3 % 17));
        }

        for (var i = 0; i < 40; i += 3)
        {
            await store.ArchiveAsync($"s{i:D2}", 2000 + i);
        }

        for (var i = 1; i < 40; i += 5)
        {
            await store.TrashAsync($"s{i:D2}", 3000 + i);
        }

        foreach (var query in new[]
        {
            new SessionQuery(6, sort, Persistent: true), new SessionQuery(6, sort, UserCreated: false), new SessionQuery(6, sort, false, true, "xyz"),
            new SessionQuery(6, sort, true, null, "s1"), new SessionQuery(4, sort, Shelf: SessionShelf.Archived),
            new SessionQuery(3, sort, Persistent: true, Shelf: SessionShelf.Trashed), new SessionQuery(3, sort, Search: "xyz", Shelf: SessionShelf.Archived),
        })
        {
            var all = store.List(query with { Limit = 200 }).Sessions.Select(s => s.Key).ToList();
            var paged = new List<string>();
            for (var page = store.List(query); ; page = store.List(query with { After = page.Next }))
            {
                paged.AddRange(page.Sessions.Select(s => s.Key));
                if (page.Next is null)
                {
                    break;
                }
            }

            Assert.Equal(all, paged);
            Assert.Equal(Scan(db, query).Count, all.Count);
        }
    }

    [Fact]
    public async Task Migration_BuildsCountsAndSearch_OverExistingSessions()
    {
        var path = Path.Combine(_dir.Path, CairnDatabase.FileName);
        using (var old = CairnDatabase.Open(path, migrateTo: 3))
        {
            // Rows as a schema-3 gateway wrote them: today's store code reads columns that schema lacks.
            old.Read(c =>
            {
                foreach (var (key, label, description, persistent, userCreated, at) in new[]
                {
                    ("harbor-notes", "Harbor notes", (string?)null, 1, 1, 1L),
                    ("meadow", "Meadow", "by the harbor", 0, 1, 2L),
                    ("peer-chat", "Peer chat", null, 0, 0, 3L),
                })
                {
                    using var insert = ((Microsoft.Data.Sqlite.SqliteConnection)c).CreateCommand();
                    insert.CommandText = "INSERT INTO sessions (key, session_id, label, label_norm, description, persistent, user_created, kind, created_at, updated_at) " +
                        "VALUES ($key, $sid, $label, $norm, $description, $persistent, $userCreated, $kind, $at, $at)";
                    insert.Parameters.AddWithValue("$key", key);
                    insert.Parameters.AddWithValue("$sid", Guid.NewGuid().ToString());
                    insert.Parameters.AddWithValue("$label", label);
                    insert.Parameters.AddWithValue("$norm", SessionNames.Normalize(label));
                    insert.Parameters.AddWithValue("$description", (object?)description ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$persistent", persistent);
                    insert.Parameters.AddWithValue("$userCreated", userCreated);
                    insert.Parameters.AddWithValue("$kind", userCreated == 1 ? "named" : "peer");
                    insert.Parameters.AddWithValue("$at", at);
                    insert.ExecuteNonQuery();
                }

                return 0;
            });
        }

        using var db = CairnDatabase.Open(path);
        var migrated = new SessionStore(db);

        AssertTotalsMatchScan(migrated);
        Assert.Equal(["meadow", "harbor-notes"], Keys(migrated, "harbor"));
        await migrated.CreateAsync(New("Harbor two"), 4);
        Assert.Equal(3, migrated.List(new SessionQuery(10, Search: "harbor")).Total);
        Assert.Equal("ok", db.IntegrityCheck());
    }

    private CairnDatabase Open() => CairnDatabase.Open(Path.Combine(_dir.Path, CairnDatabase.FileName));

    private static NewSession New(string label, string? key = null, string? description = null, bool persistent = true, bool userCreated = true) =>
        new(key ?? SessionNames.Slug(label), key is not null, SessionNames.CleanLabel(label), description, persistent, userCreated,
            userCreated ? SessionKind.Named : SessionKind.Peer, Guid.NewGuid().ToString());

    private static List<string> Keys(SessionStore store, string search) =>
        store.List(new SessionQuery(200, Search: search)).Sessions.Select(s => s.Key).ToList();

    private static void AssertTotalsMatchScan(SessionStore store)
    {
        foreach (var shelf in Enum.GetValues<SessionShelf>())
        {
            foreach (var persistent in new bool?[] { null, true, false })
            {
                foreach (var userCreated in new bool?[] { null, true, false })
                {
                    var query = new SessionQuery(200, Persistent: persistent, UserCreated: userCreated, Shelf: shelf);
                    var scanned = Scan(store.Database, query);
                    var listed = store.List(query);
                    Assert.Equal(scanned.Count, listed.Total);
                    Assert.Equal(scanned.Select(s => s.Key).Order(StringComparer.Ordinal), listed.Sessions.Select(s => s.Key).Order(StringComparer.Ordinal));
                }
            }
        }
    }

    /// <summary>The plain answer: every row, filtered in C#.</summary>
    private static List<SessionEntry> Scan(CairnDatabase db, SessionQuery query) => db.Read(c =>
    {
        using var command = c.CreateCommand();
        command.CommandText = $"SELECT {SessionStore.Columns} FROM sessions";
        var search = query.Search is null ? null : SessionNames.Normalize(query.Search);
        return SessionStore.ReadAll(command)
            .Where(s => query.Shelf switch
            {
                SessionShelf.Trashed => s.Trashed,
                SessionShelf.Archived => s.Archived && !s.Trashed,
                _ => !s.Archived && !s.Trashed,
            })
            .Where(s => query.Persistent is not { } p || s.Persistent == p)
            .Where(s => query.UserCreated is not { } u || s.UserCreated == u)
            .Where(s => search is null || SessionNames.Normalize(s.Label).Contains(search, StringComparison.Ordinal)
                || s.Key.Contains(search, StringComparison.Ordinal) || (s.Description?.ToLowerInvariant().Contains(search, StringComparison.Ordinal) ?? false))
            .ToList();
    });
}
