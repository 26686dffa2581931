using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Cairn.Tests.Sessions;

/// <summary>
/// The store behind tags: the trigger-kept <c>tag_counts</c> and the totals of lists by one or several tags agree with a
/// scan after every kind of write, and a list by
/// a common tag (walking the order) and by a rare one (read through the tag, then sorted) give the same pages as a scan,
/// pinned first, across page boundaries.
/// </summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class SessionTagIndexTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TagCounts_FollowPatchArchiveTrashRestoreAndPurge()
    {
        using var db = Open();
        var store = new SessionStore(db);
        for (var i = 0; i < 12; i++)
        {
            await store.CreateAsync(New($"S{i}"), i);
            await store.PatchAsync($"s{i}", new SessionPatch(Tags: i % 2 == 0 ? ["even", "all"] : ["all"]), i);
        }

        await store.PatchAsync("s0", new SessionPatch(Tags: ["all", "zero"]), 20);
        await store.ArchiveAsync("s2", 21);
        await store.TrashAsync("s4", 22);
        await store.ArchiveAsync("s6", 23);
        await store.TrashAsync("s6", 24);
        await store.RestoreAsync("s6", 25);
        await store.TrashAsync("s8", 26);
        await store.PurgeAsync("s8");
        await store.UnarchiveAsync("s2", 27);

        foreach (var shelf in Enum.GetValues<SessionShelf>())
        {
            var entries = store.List(new SessionQuery(200, Shelf: shelf)).Sessions;
            foreach (var tags in new[] { "all", "even", "zero", "all even", "even all", "even zero", "all even zero", "all missing" })
            {
                // Several tags are counted through their intersection in the tag index (SessionStore.TagIntersection).
                string[] wanted = tags.Split(' ');
                var page = store.List(new SessionQuery(200, Shelf: shelf, Tags: wanted));
                Assert.Equal(entries.Count(e => wanted.All(e.Tags.Contains)), page.Total);
                Assert.Equal(entries.Where(e => wanted.All(e.Tags.Contains)).Select(e => e.Key), page.Sessions.Select(e => e.Key));
                var small = store.List(new SessionQuery(2, Shelf: shelf, Tags: wanted, Persistent: false));
                Assert.Equal(entries.Count(e => wanted.All(e.Tags.Contains) && !e.Persistent), small.Total);
            }
        }

        var inUse = store.List(new SessionQuery(200)).Sessions;
        var expected = inUse.SelectMany(e => e.Tags).GroupBy(t => t).Select(g => new TagCount(g.Key, g.Count()))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Tag, StringComparer.Ordinal);
        Assert.Equal(expected, store.TagCounts());
        using var c = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, CairnDatabase.FileName)};Mode=ReadOnly");
        c.Open();
        using var orphans = c.CreateCommand();
        orphans.CommandText = "SELECT COUNT(*) FROM session_tags WHERE session_key NOT IN (SELECT key FROM sessions)";
        Assert.Equal(0L, (long)orphans.ExecuteScalar()!);
    }

    [Theory]
    [InlineData("common", 17)]
    [InlineData("rare", 5)]
    [InlineData("common rare", 3)]
    public async Task ListByTag_CommonOrRare_PagesLikeAScan_PinnedFirst(string tags, int limit)
    {
        using var db = Open();
        var n = SessionStore.DriveBelow + 300;
        await db.WriteAsync((c, tx) =>
        {
            using var insert = new SqliteCommand(
                "INSERT INTO sessions (key, session_id, label, label_norm, persistent, user_created, kind, created_at, updated_at, pinned) " +
                "VALUES ($k, 'sid', $k, $k, $p, 1, 'named', 0, $u, $pin)", (SqliteConnection)c, (SqliteTransaction)tx);
            using var tag = new SqliteCommand("INSERT INTO session_tags (session_key, tag) VALUES ($k, $t)", (SqliteConnection)c, (SqliteTransaction)tx);
            for (var i = 0; i < n; i++)
            {
                var key = $"k{i:D5}";
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$k", key);
                insert.Parameters.AddWithValue("$p", i % 2);
                insert.Parameters.AddWithValue("$u", i / 3); // runs of equal times: the key breaks the ties
                insert.Parameters.AddWithValue("$pin", i % 97 == 5 ? 1 : 0);
                insert.ExecuteNonQuery();
                foreach (var t in new[] { "common", i % 50 == 5 ? "rare" : null }.OfType<string>())
                {
                    tag.Parameters.Clear();
                    tag.Parameters.AddWithValue("$k", key);
                    tag.Parameters.AddWithValue("$t", t);
                    tag.ExecuteNonQuery();
                }
            }

            return 0;
        });
        var store = new SessionStore(db);
        var filter = tags.Split(' ');

        foreach (var persistent in new bool?[] { null, true })
        {
            var expected = AllPages(store, new SessionQuery(200, Persistent: persistent))
                .Where(e => filter.All(e.Tags.Contains)).Select(e => e.Key).ToList();
            var paged = AllPages(store, new SessionQuery(limit, Persistent: persistent, Tags: filter), out var totals);

            Assert.Equal(expected, paged.Select(e => e.Key));
            Assert.All(totals, t => Assert.Equal(expected.Count, t));
            Assert.Contains(paged, e => e.Pinned);
            Assert.True(paged.TakeWhile(e => e.Pinned).Count() == paged.Count(e => e.Pinned), "pinned sessions come first");
        }
    }

    private static List<SessionEntry> AllPages(SessionStore store, SessionQuery query) => AllPages(store, query, out _);

    private static List<SessionEntry> AllPages(SessionStore store, SessionQuery query, out List<int> totals)
    {
        var rows = new List<SessionEntry>();
        totals = [];
        SessionCursor? after = null;
        do
        {
            var page = store.List(query with { After = after });
            rows.AddRange(page.Sessions);
            totals.Add(page.Total);
            after = page.Next;
        }
        while (after is not null);

        return rows;
    }

    private CairnDatabase Open() => CairnDatabase.Open(Path.Combine(_dir.Path, CairnDatabase.FileName));

    private static NewSession New(string label) =>
        new(SessionNames.Slug(label), false, label, null, true, true, SessionKind.Named, Guid.NewGuid().ToString());
}
