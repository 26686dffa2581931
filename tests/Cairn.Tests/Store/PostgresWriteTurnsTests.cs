using Cairn.Store;
using Cairn.Tests.Support;
using Npgsql;

namespace Cairn.Tests.Store;

/// <summary>
/// Writes of several replicas on one PostgreSQL database take turns (the fleet's write lock, taken before the
/// transaction begins): a write that starts while another replica's is open waits for it and then sees its commit,
/// instead of running beside it on an older snapshot and losing on the rows both touch (the replicas bench found
/// creates failing with <c>storage_contended</c>: each one bumps the same counter row).
/// </summary>
public sealed class PostgresWriteTurnsTests : IDisposable
{
    private readonly string _connection = TestStore.CreateBareDatabase();

    [Fact]
    public async Task AWrite_WaitsForAnotherReplicasOpenWrite_ThenSeesItsCommit()
    {
        using var a = CairnDatabase.OpenPostgres(_connection);
        using var b = CairnDatabase.OpenPostgres(_connection);
        await a.WriteAsync((c, tx) => c.Command("CREATE TABLE turn_probe (n INTEGER)", tx).ExecuteNonQuery());
        using var inside = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);

        var first = Task.Run(() => a.WriteAsync((c, tx) =>
        {
            c.Command("INSERT INTO turn_probe VALUES (1)", tx).ExecuteNonQuery();
            inside.Release();
            release.Wait();
            return 0;
        }));
        await inside.WaitAsync();
        var second = Task.Run(() => b.WriteAsync((c, tx) => c.Command("SELECT COUNT(*) FROM turn_probe", tx).ScalarInt64()));

        // The second write is either waiting for the lock (seen in pg_locks) or, without it, already done.
        for (var i = 0; i < 600 && !second.IsCompleted && WaitingForWriteLock() == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.False(second.IsCompleted, "the second replica's write ran while the first one's was still open");
        Assert.Equal(1, WaitingForWriteLock());
        release.Release();
        await first;
        Assert.Equal(1L, await second);
    }

    [Fact]
    public async Task ConcurrentCounterWrites_FromThreeReplicas_AllCommit_AndTheCountIsExact()
    {
        var replicas = Enumerable.Range(0, 3).Select(_ => CairnDatabase.OpenPostgres(_connection)).ToList();
        try
        {
            await replicas[0].WriteAsync((c, tx) =>
                c.Command("CREATE TABLE hot_counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO hot_counter VALUES (1, 0)", tx).ExecuteNonQuery());

            // Each write reads the counter and writes it back: on older snapshots side by side, most would conflict.
            await Task.WhenAll(replicas.SelectMany(db => Enumerable.Range(0, 40).Select(_ => Task.Run(() => db.WriteAsync((c, tx) =>
            {
                var n = c.Command("SELECT n FROM hot_counter WHERE id = 1", tx).ScalarInt64();
                return c.Command("UPDATE hot_counter SET n = @n WHERE id = 1", tx).With("@n", n + 1).ExecuteNonQuery();
            })))));

            Assert.Equal(120L, replicas[0].Read(c => c.Command("SELECT n FROM hot_counter WHERE id = 1").ScalarInt64()));
        }
        finally
        {
            replicas.ForEach(db => db.Dispose());
        }
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        TestStore.Drop(_connection);
    }

    private long WaitingForWriteLock()
    {
        using var c = new NpgsqlConnection(_connection);
        c.Open();
        using var command = new NpgsqlCommand(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", c);
        return (long)command.ExecuteScalar()!;
    }
}
