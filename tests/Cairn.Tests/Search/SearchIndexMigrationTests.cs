using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Search;

/// <summary>Migration 11 indexes the messages an older store already has, and only the conversation's rows.</summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class SearchIndexMigrationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Migration_IndexesExistingUserAssistantAndSummaryRows_NotCommandsOrNotices()
    {
        var path = Path.Combine(_dir.Path, CairnDatabase.FileName);
        using (var old = CairnDatabase.Open(path, migrateTo: 10))
        {
            old.Read(c =>
            {
                using var insert = c.CreateCommand();
                insert.CommandText =
                    "INSERT INTO sessions (key, session_id, label, label_norm, persistent, user_created, kind, created_at, updated_at) " +
                    "VALUES ('harbor', 'g1', 'Harbor', 'harbor', 1, 1, 'named', 1, 1);" +
                    "INSERT INTO messages (session_key, session_id, seq, role, text, created_at) VALUES " +
                    "('harbor', 'g1', 1, 'user', 'where is the lighthouse', 1), ('harbor', 'g1', 2, 'assistant', 'the lighthouse is north', 2), " +
                    "('harbor', 'g1', 3, 'command', '/lighthouse', 3), ('harbor', 'g1', 4, 'notice', 'lighthouse notice', 4), " +
                    "('harbor', 'g1', 5, 'summary', 'they talked about a lighthouse', 5);";
                insert.ExecuteNonQuery();
                return 0;
            });
        }

        using var db = CairnDatabase.Open(path);
        var hits = new SearchStore(db).Newest("\"lighthouse\"", new SearchScope(), 0, 10);

        Assert.Equal([5L, 2L, 1L], hits.Select(h => h.Seq)); // newest first
        Assert.All(hits, h => Assert.True(h.Current));
    }
}
