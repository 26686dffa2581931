using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;
using Npgsql;

namespace Cairn.Tests.Store;

/// <summary>
/// The PostgreSQL store itself: migrations under the advisory lock, writers in two <see cref="CairnDatabase"/> instances
/// (two replicas) at once, and a server that goes away. The rest of the suite checks the same behaviour on both stores.
/// </summary>
public sealed class PostgresStoreTests : IDisposable
{
    private readonly List<string> _databases = [];

    [Fact]
    public async Task Migrate_TwoReplicasStartingTogether_ApplyEachStepOnce()
    {
        var connection = EmptyDatabase();
        var opened = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => CairnDatabase.OpenPostgres(connection))));
        try
        {
            Assert.All(opened, db => Assert.Equal(PostgresMigrations.Latest, db.SchemaVersion));
            var steps = opened[0].Read(c => c.Command("SELECT COUNT(*) FROM cairn_schema").ScalarInt64());
            Assert.Equal(PostgresMigrations.Latest, steps);
        }
        finally
        {
            foreach (var db in opened)
            {
                db.Dispose();
            }
        }
    }

    [Fact]
    public async Task Create_SameLabelFromTwoReplicas_ExactlyOneWins()
    {
        var (a, b) = TwoReplicas();
        using (a)
        using (b)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
                new SessionStore(i % 2 == 0 ? a : b).CreateAsync(Named("Work"), 1000 + i)));

            Assert.Single(results, r => r.IsOk);
            Assert.All(results.Where(r => !r.IsOk), r => Assert.Equal(StoreStatus.LabelTaken, r.Status));
            AssertCountsExact(a);
        }
    }

    [Fact]
    public async Task Create_LabelsWithOneSlugFromTwoReplicas_GetDistinctKeys()
    {
        var (a, b) = TwoReplicas();
        using (a)
        using (b)
        {
            var labels = new[] { "Notes", "Notes!", "Notes?", "Notes.", "Notes;", "Notes:", "(Notes)", "Notes…" };
            var results = await Task.WhenAll(labels.Select((label, i) =>
                new SessionStore(i % 2 == 0 ? a : b).CreateAsync(Named(label), 1000 + i)));

            Assert.All(results, r => Assert.True(r.IsOk, r.Status.ToString()));
            var keys = results.Select(r => r.Value!.Key).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(labels.Length, keys.Distinct().Count());
            Assert.Contains("notes", keys);
            AssertCountsExact(a);
        }
    }

    [Fact]
    public async Task Append_FromTwoReplicasAtOnce_EverySeqOnceAndCountersExact()
    {
        var (a, b) = TwoReplicas();
        using (a)
        using (b)
        {
            await new SessionStore(a).EnsureMainAsync(1000);
            var writes = Enumerable.Range(0, 40).Select(i => new TranscriptStore(i % 2 == 0 ? a : b)
                .AppendAsync(SessionNames.MainKey, [new NewMessage(MessageRoles.User, $"message {i}")], 2000 + i));
            var results = await Task.WhenAll(writes);

            Assert.All(results, r => Assert.True(r.IsOk));
            var main = new SessionStore(b).Get(SessionNames.MainKey)!;
            var history = new TranscriptStore(a).History(SessionNames.MainKey, main.SessionId, 100);
            Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), history.Select(m => m.Seq));
            Assert.Equal(40, history.Select(m => m.Text).Distinct().Count());
            Assert.Equal(40, main.MessageCount);
        }
    }

    [Fact]
    public void Open_ServerNotListening_IsStoreUnavailable()
    {
        var closed = new NpgsqlConnectionStringBuilder(TestStore.Server) { Port = FreePort(), Timeout = 3 }.ToString();

        var refused = Assert.Throws<StoreUnavailableException>(() => CairnDatabase.OpenPostgres(closed));

        Assert.Equal(StoreUnavailableException.Unreachable, refused.Reason);
    }

    [Fact]
    public async Task Write_AfterTheServerDroppedEveryConnection_RecoversWithoutRestart()
    {
        using var db = CairnDatabase.OpenPostgres(TestStore.CreateDatabaseTracked(_databases));
        var sessions = new SessionStore(db);
        await sessions.EnsureMainAsync(1000);
        Assert.NotNull(sessions.Get(SessionNames.MainKey));

        // What a server restart does to the pool: every connection of the database is closed under it.
        var name = new NpgsqlConnectionStringBuilder(db.ConnectionString).Database;
        using (var admin = new NpgsqlConnection(TestStore.Server))
        {
            admin.Open();
            using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @d", admin);
            kill.Parameters.AddWithValue("d", name!);
            kill.ExecuteNonQuery();
        }

        try
        {
            await sessions.CreateAsync(Named("During"), 2000);
        }
        catch (StoreUnavailableException ex)
        {
            Assert.Equal(StoreUnavailableException.Unreachable, ex.Reason);
            Assert.NotNull(db.WriteFailure);
        }

        var after = await sessions.CreateAsync(Named("After"), 3000);
        Assert.True(after.IsOk);
        Assert.Null(db.WriteFailure);
    }

    public void Dispose()
    {
        foreach (var connection in _databases)
        {
            TestStore.Release(connection);
        }
    }

    private (CairnDatabase A, CairnDatabase B) TwoReplicas()
    {
        var connection = TestStore.CreateDatabaseTracked(_databases);
        return (CairnDatabase.OpenPostgres(connection), CairnDatabase.OpenPostgres(connection));
    }

    private string EmptyDatabase()
    {
        var connection = TestStore.CreateBareDatabase();
        _databases.Add(connection);
        return connection;
    }

    private static NewSession Named(string label) =>
        new(SessionNames.Slug(label), false, label, null, true, true, SessionKind.Named, Guid.NewGuid().ToString());

    /// <summary>The trigger-kept totals agree with the rows.</summary>
    private static void AssertCountsExact(CairnDatabase db)
    {
        var counted = db.Read(c => c.Command("SELECT COALESCE(SUM(n), 0) FROM session_counts").ScalarInt64());
        var rows = db.Read(c => c.Command("SELECT COUNT(*) FROM sessions").ScalarInt64());
        Assert.Equal(rows, counted);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
