using System.Data.Common;
using Cairn.Store;
using Cairn.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Cairn.Tests.Store;

/// <summary>
/// Group commit on SQLite (issue 20, round eight): writes that arrive while the writer is busy run together in its next
/// transaction, one commit for all, and each caller is answered after that commit. The writer is held inside a write
/// so the others really queue; commits are counted in the WAL file itself (<see cref="WalCommits"/>). One write's own
/// failure fails it alone; a lost transaction (a trigger's RAISE(ROLLBACK), a deferred foreign key failing the COMMIT)
/// makes the batch run again one write at a time, each with the outcome it would have had alone.
/// </summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class GroupCommitTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TempDir _dir = new();

    private string DbPath => Path.Combine(_dir.Path, CairnDatabase.FileName);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WritesArrivingDuringACommit_ShareTheNextCommit_AndAreAllVisible()
    {
        using var db = await OpenAsync();
        WalCommits.Restart(DbPath);

        var held = await HoldAsync(db);
        var queued = Enumerable.Range(0, 31).Select(i => db.WriteAsync((c, tx) => Insert(c, tx, $"item {i}"))).ToList();
        await held.ReleaseAsync();
        var ids = await Task.WhenAll(queued);

        Assert.Equal(32, Names(db).Count);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(2, WalCommits.Count(DbPath));
    }

    [Fact]
    public async Task WritesOneAtATime_EachCommitsBeforeItReturns()
    {
        using var db = await OpenAsync();
        WalCommits.Restart(DbPath);

        for (var i = 0; i < 5; i++)
        {
            await db.WriteAsync((c, tx) => Insert(c, tx, $"item {i}"));
            Assert.Equal(i + 1, WalCommits.Count(DbPath));
            Assert.Equal(i + 1, CountOnNewConnection());
        }
    }

    [Fact]
    public async Task AFailingWriteInABatch_FailsAlone_LeavesNoTrace_AndItsNeighboursCommit()
    {
        using var db = await OpenAsync();
        await db.WriteAsync((c, tx) => Insert(c, tx, "taken"));
        WalCommits.Restart(DbPath);

        var held = await HoldAsync(db);
        var before = db.WriteAsync((c, tx) => Insert(c, tx, "before"));
        var refused = db.WriteAsync<long>((c, tx) =>
        {
            Insert(c, tx, "refused");
            throw new StoreInputException(new FormatException("not a valid item"));
        });
        var duplicate = db.WriteAsync((c, tx) =>
        {
            Insert(c, tx, "duplicate's first row");
            return Insert(c, tx, "taken");
        });
        var after = db.WriteAsync((c, tx) => Insert(c, tx, "after"));
        await held.ReleaseAsync();

        await before;
        await after;
        await Assert.ThrowsAsync<StoreInputException>(() => refused);
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => duplicate)).SqliteErrorCode);
        Assert.Equal(["after", "before", "held", "taken"], Names(db));
        Assert.Equal(2, WalCommits.Count(DbPath));
    }

    [Fact]
    public async Task AWriteThatEndsTheTransaction_RunsTheBatchAgainOneAtATime()
    {
        using var db = await OpenAsync();
        await db.WriteAsync((c, tx) => Exec(c, tx,
            "CREATE TRIGGER no_rollback BEFORE INSERT ON items WHEN NEW.name = 'rollback' BEGIN SELECT RAISE(ROLLBACK, 'rollback refused'); END"));
        WalCommits.Restart(DbPath);

        var held = await HoldAsync(db);
        var before = db.WriteAsync((c, tx) => Insert(c, tx, "before"));
        var rollback = db.WriteAsync((c, tx) => Insert(c, tx, "rollback"));
        var after = db.WriteAsync((c, tx) => Insert(c, tx, "after"));
        await held.ReleaseAsync();

        await before;
        await after;
        var error = await Assert.ThrowsAsync<SqliteException>(() => rollback);
        Assert.Contains("rollback refused", error.Message, StringComparison.Ordinal);
        Assert.Equal(["after", "before", "held"], Names(db));
        Assert.Equal(3, WalCommits.Count(DbPath));
    }

    [Fact]
    public async Task ACommitThatFails_RunsTheBatchAgainOneAtATime_AndOnlyTheCulpritFails()
    {
        using var db = await OpenAsync();
        await db.WriteAsync((c, tx) => Exec(c, tx,
            "CREATE TABLE children (name TEXT NOT NULL, parent TEXT NOT NULL REFERENCES items (name) DEFERRABLE INITIALLY DEFERRED)"));
        WalCommits.Restart(DbPath);

        var held = await HoldAsync(db);
        var parent = db.WriteAsync((c, tx) => Insert(c, tx, "parent"));
        var orphan = db.WriteAsync((c, tx) => Exec(c, tx, "INSERT INTO children (name, parent) VALUES ('orphan', 'nobody')"));
        var child = db.WriteAsync((c, tx) => Exec(c, tx, "INSERT INTO children (name, parent) VALUES ('child', 'parent')"));
        await held.ReleaseAsync();

        await parent;
        await child;
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => orphan)).SqliteErrorCode);
        Assert.Equal(["held", "parent"], Names(db));
        Assert.Equal(["child"], db.Read(c => Strings(c, "SELECT name FROM children")));
        Assert.Equal(3, WalCommits.Count(DbPath));
    }

    [Fact]
    public async Task AWriteThatFillsTheDisk_IsUnavailable_AndTheRestOfItsBatchCommitsOneAtATime()
    {
        using var db = await OpenAsync();
        await db.WriteAsync((c, tx) => Exec(c, tx, $"PRAGMA max_page_count = {Scalar(c, tx, "PRAGMA page_count")}"));
        WalCommits.Restart(DbPath);

        var held = await HoldAsync(db);
        var before = db.WriteAsync((c, tx) => Insert(c, tx, "before"));
        var big = db.WriteAsync((c, tx) => Insert(c, tx, string.Concat(Enumerable.Repeat("disk filler. ", 4_000))));
        var after = db.WriteAsync((c, tx) => Insert(c, tx, "after"));
        await held.ReleaseAsync();

        await before;
        await after;
        Assert.Equal(StoreUnavailableException.Full, (await Assert.ThrowsAsync<StoreUnavailableException>(() => big)).Reason);
        Assert.Equal(["after", "before", "held"], Names(db));
        Assert.Equal(3, WalCommits.Count(DbPath));
    }

    [Fact]
    public async Task ACallerThatGivesUpBeforeItsWriteStarts_IsDropped()
    {
        using var db = await OpenAsync();
        using var giveUp = new CancellationTokenSource();

        var held = await HoldAsync(db);
        var before = db.WriteAsync((c, tx) => Insert(c, tx, "before"));
        var dropped = db.WriteAsync((c, tx) => Insert(c, tx, "dropped"), giveUp.Token);
        var after = db.WriteAsync((c, tx) => Insert(c, tx, "after"));
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dropped);
        await held.ReleaseAsync();

        await before;
        await after;
        Assert.Equal(["after", "before", "held"], Names(db));
    }

    [Fact]
    public async Task OneCallersWrites_RunInTheOrderTheyWereMade()
    {
        using var db = await OpenAsync();
        await db.WriteAsync((c, tx) => Exec(c, tx, "CREATE TABLE latest (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)"));

        var held = await HoldAsync(db);
        var writes = Enumerable.Range(0, 20).Select(i => db.WriteAsync((c, tx) =>
        {
            Exec(c, tx, $"INSERT INTO latest (id, value) VALUES (1, {i}) ON CONFLICT (id) DO UPDATE SET value = excluded.value");
            return Insert(c, tx, $"write {i:00}");
        })).ToList();
        await held.ReleaseAsync();
        var ids = await Task.WhenAll(writes);

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(["19"], db.Read(c => Strings(c, "SELECT CAST(value AS TEXT) FROM latest")));
    }

    private async Task<CairnDatabase> OpenAsync()
    {
        var db = CairnDatabase.Open(DbPath);
        await db.WriteAsync((c, tx) => Exec(c, tx, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"));
        return db;
    }

    /// <summary>Holds the writer inside a write (inserting "held") until released, so writes made meanwhile queue behind it.</summary>
    private static async Task<HeldWriter> HoldAsync(CairnDatabase db)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new ManualResetEventSlim();
        var held = Task.Run(() => db.WriteAsync((c, tx) =>
        {
            Insert(c, tx, "held");
            started.SetResult();
            return release.Wait(Timeout) ? 0 : throw new TimeoutException("The held write was never released.");
        }));
        await started.Task.WaitAsync(Timeout);
        return new HeldWriter(held, release);
    }

    private static long Insert(DbConnection c, DbTransaction tx, string name)
    {
        using var command = c.Command("INSERT INTO items (name) VALUES (@name) RETURNING id", tx).With("@name", name);
        return command.ScalarInt64();
    }

    private static int Exec(DbConnection c, DbTransaction tx, string sql)
    {
        using var command = c.Command(sql, tx);
        return command.ExecuteNonQuery();
    }

    private static long Scalar(DbConnection c, DbTransaction tx, string sql)
    {
        using var command = c.Command(sql, tx);
        return command.ScalarInt64();
    }

    private static List<string> Names(CairnDatabase db) => db.Read(c => Strings(c, "SELECT name FROM items ORDER BY name"));

    private static List<string> Strings(DbConnection c, string sql)
    {
        using var command = c.Command(sql);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private int CountOnNewConnection()
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM items";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class HeldWriter(Task held, ManualResetEventSlim release)
    {
        public async Task ReleaseAsync()
        {
            release.Set();
            await held;
            release.Dispose();
        }
    }
}
