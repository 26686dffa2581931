using System.Data.Common;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Cairn.Tests.Store;

/// <summary>
/// SQLite's kept-open connections reuse prepared statements (<see cref="StatementCache"/>) and read session rows
/// through their own raw statement (<see cref="SqliteRow"/>). Reuse must never change what a call sees: a read after a
/// write sees the write, a reused command starts without the last call's parameters, two readers of the same SQL at once
/// each get their own statement, and a row reads back exactly what was stored (NULL, empty text, U+0000, non-ASCII).
/// </summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class StatementCacheTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadAfterWrite_ThroughTheKeptStatement_SeesTheWrite()
    {
        using var db = Open();
        var store = new SessionStore(db);
        await store.CreateAsync(New("Garden"), 1);
        Assert.Equal("Garden", store.Get("garden")!.Label);
        Assert.Equal("Garden", store.Get("garden")!.Label);

        await store.PatchAsync("garden", new SessionPatch(Label: "Garden plans"), 2);

        var read = store.Get("garden")!;
        Assert.Equal("Garden plans", read.Label);
        Assert.Equal(2, read.Rev);
        Assert.Equal("Garden plans", Assert.Single(store.List(new SessionQuery(10)).Sessions).Label);
    }

    [Fact]
    public void Command_SameSqlTwice_IsReusedPreparedAndWithoutTheOldParameters()
    {
        using var db = Open();
        db.Read(c =>
        {
            DbCommand first;
            using (first = c.Command("SELECT @a + 1"))
            {
                first.With("@a", 41);
                Assert.Equal(42L, first.ExecuteScalar());
            }

            using var second = c.Command("SELECT @a + 1");
            Assert.Same(first, second);
            Assert.Empty(second.Parameters);
            Assert.Throws<InvalidOperationException>(() => second.ExecuteScalar());
            second.With("@a", 1);
            Assert.Equal(2L, second.ExecuteScalar());
            return 0;
        });
    }

    [Fact]
    public void Command_WhileTheSameSqlIsStillReading_GetsAStatementOfItsOwn()
    {
        using var db = Open();
        db.Read(c =>
        {
            using var outer = c.Command("WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 3) SELECT value FROM n");
            using var reader = outer.ExecuteReader();
            var seen = new List<long>();
            while (reader.Read())
            {
                using var inner = c.Command("WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 3) SELECT value FROM n");
                Assert.NotSame(outer, inner);
                seen.Add((reader.GetInt64(0) * 10) + inner.ScalarInt64());
            }

            Assert.Equal([11L, 21L, 31L], seen);
            return 0;
        });
    }

    [Fact]
    public void Command_WhoseTextIsChanged_IsNotKeptUnderItsOldText()
    {
        using var db = Open();
        db.Read(c =>
        {
            using (var command = c.Command("SELECT 1"))
            {
                command.CommandText = "SELECT 2";
                Assert.Equal(2L, command.ExecuteScalar());
            }

            using var again = c.Command("SELECT 1");
            Assert.Equal(1L, again.ExecuteScalar());
            return 0;
        });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a\0b")]
    [InlineData("Grüße, 日本語 and an emoji 🪨")]
    public async Task SessionRow_ReadsBackExactlyWhatWasStored(string? description)
    {
        using var db = Open();
        var store = new SessionStore(db);
        await store.CreateAsync(New("Stones", description), 7);
        await store.PatchAsync("stones", new SessionPatch(Tags: ["b-tag", "a-tag"], Pinned: true, SetSystemPrompt: true, SystemPrompt: description), 8);

        foreach (var entry in new[] { store.Get("stones")!, Assert.Single(store.List(new SessionQuery(10)).Sessions) })
        {
            Assert.Equal(description, entry.Description);
            Assert.Equal(description, entry.SystemPrompt);
            Assert.Equal(["a-tag", "b-tag"], entry.Tags);
            Assert.True(entry.Pinned);
            Assert.Equal(7, entry.CreatedAt);
            Assert.Equal(8, entry.UpdatedAt);
            Assert.Null(entry.LastMessageAt);
            Assert.Null(entry.Model);
            Assert.Null(entry.ForkedFrom);
            Assert.Equal(SessionKind.Named, entry.Kind);
        }
    }

    [Fact]
    public async Task Dispose_ClosesTheKeptConnections()
    {
        var path = Path.Combine(_dir.Path, CairnDatabase.FileName);
        using (var db = CairnDatabase.Open(path))
        {
            var store = new SessionStore(db);
            await store.CreateAsync(New("Kept"), 1);
            Assert.NotNull(store.Get("kept"));
            Assert.NotEmpty(OpenHandles(path));
        }

        SqliteConnection.ClearAllPools();
        Assert.Empty(OpenHandles(path));
    }

    /// <summary>This process's open files that are the database (Linux: the links in /proc/self/fd).</summary>
    private static List<string> OpenHandles(string path) =>
        [.. Directory.GetFiles("/proc/self/fd").Select(fd => new FileInfo(fd).LinkTarget).OfType<string>().Where(t => t == path)];

    private CairnDatabase Open() => CairnDatabase.Open(Path.Combine(_dir.Path, CairnDatabase.FileName));

    private static NewSession New(string label, string? description = null) =>
        new(SessionNames.Slug(label), false, label, description, false, true, SessionKind.Named, Guid.NewGuid().ToString());
}
