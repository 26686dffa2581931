using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

/// <summary>
/// A list with a search of three or more characters reads the trigram index's candidates once on SQLite
/// (<see cref="SessionStore.SearchInOneRead"/>): it must give the general path's pages, cursors and totals, for every
/// order and shelf, with pinned sessions, filters, a rare and a common tag, and a cursor past the last match.
/// </summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class SessionSearchPageTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<SessionSort> Sorts => [SessionSort.Updated, SessionSort.Created, SessionSort.Label];

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task OneRead_GivesTheGeneralPathsPages_CursorsAndTotals(SessionSort sort)
    {
        using var db = CairnDatabase.Open(Path.Combine(_dir.Path, CairnDatabase.FileName));
        var store = new SessionStore(db);
        await SeedAsync(store);
        var general = new SessionStore(db) { SearchInOneRead = false };

        foreach (var query in new[]
        {
            new SessionQuery(3, sort, Search: "harbor"),
            new SessionQuery(3, sort, Search: "HARB"),
            new SessionQuery(4, sort, Search: "harbor", Persistent: true),
            new SessionQuery(2, sort, Search: "harbor", UserCreated: false),
            new SessionQuery(3, sort, Search: "harbor", Tags: ["rare"]),
            new SessionQuery(3, sort, Search: "harbor", Tags: ["common", "rare"]),
            new SessionQuery(3, sort, Search: "harbor", Shelf: SessionShelf.Archived),
            new SessionQuery(3, sort, Search: "harbor", Shelf: SessionShelf.Trashed),
            new SessionQuery(3, sort, Search: "office"),
            new SessionQuery(3, sort, Search: "nothing like it"),
        })
        {
            var pages = 0;
            SessionPage? mine = null;
            for (SessionCursor? after = null; pages == 0 || after is not null; pages++)
            {
                mine = store.List(query with { After = after });
                var theirs = general.List(query with { After = after });
                Assert.Equal(theirs.Sessions.Select(Shown), mine.Sessions.Select(Shown));
                Assert.Equal(theirs.Total, mine.Total);
                Assert.Equal(theirs.Next?.Encode(), mine.Next?.Encode());
                after = mine.Next;
            }

            Assert.True(pages > 1 || mine!.Total <= query.Limit, $"{query.Search} paged");
            if (mine!.Sessions.Count > 0)
            {
                // A cursor at the last match: an empty page, which carries no count of its own.
                var last = SessionCursor.For(sort, mine.Sessions[^1], SessionStore.PinnedFirst(query));
                var past = store.List(query with { After = last });
                Assert.Empty(past.Sessions);
                Assert.Equal(general.List(query with { After = last }).Total, past.Total);
                Assert.Null(past.Next);
            }
        }
    }

    private static string Shown(SessionEntry s) => $"{s.Key} {s.Label} {s.UpdatedAt} {s.Pinned} {string.Join(',', s.Tags)}";

    /// <summary>Thirty sessions with "harbor" in the label, key or description, ten without; some pinned, tagged, archived, trashed.</summary>
    private static async Task SeedAsync(SessionStore store)
    {
        for (var i = 0; i < 40; i++)
        {
            var (label, description) = (i % 4) switch
            {
                0 => ($"Harbor {i}", null),
                1 => ($"Notes {i}", $"by the harbor office {i}"),
                2 => ($"Plan {i}", "office work"),
                _ => ($"Harbour {i}", null),
            };
            var key = i % 4 == 3 ? $"harbor-side-{i}" : SessionNames.Slug(label);
            await store.CreateAsync(new NewSession(key, i % 4 == 3, label, description, i % 3 == 0, i % 5 != 0,
                i % 5 != 0 ? SessionKind.Named : SessionKind.Peer, Guid.NewGuid().ToString()), 100 + i);
            // Updated times repeat (ties are broken by key) and do not follow creation.
            var tags = new List<string> { "common" };
            if (i % 7 == 2)
            {
                tags.Add("rare");
            }

            await store.PatchAsync(key, new SessionPatch(Tags: tags, Pinned: i % 6 == 1), 1000 + (i * 7 % 9));
            if (i % 9 == 4)
            {
                await store.ArchiveAsync(key, 2000 + i);
            }
            else if (i % 11 == 5)
            {
                await store.TrashAsync(key, 3000 + i);
            }
        }
    }
}
