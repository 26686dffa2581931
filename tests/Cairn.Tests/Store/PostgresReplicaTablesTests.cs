using Cairn.Store;
using Cairn.Tests.Support;
using Npgsql;

namespace Cairn.Tests.Store;

/// <summary>
/// The replicas' tables (<c>cairn_runs</c>, <c>cairn_event_payloads</c>) are PostgreSQL migration step 2: a new store
/// gets them with the rest, and a store made before the step (step 1, the tables created by each replica at start,
/// outside <c>cairn_schema</c>) is brought to step 2 with its rows kept.
/// </summary>
public sealed class PostgresReplicaTablesTests : IDisposable
{
    /// <summary>What every replica of the gateway before step 2 ran at start (its Replicas/ReplicaSchema.Sql).</summary>
    private const string StartedReplicaBefore = """
        CREATE TABLE IF NOT EXISTS cairn_event_payloads (
            id          bigserial PRIMARY KEY,
            created_at  timestamptz NOT NULL DEFAULT now(),
            body        text NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_cairn_event_payloads_created ON cairn_event_payloads (created_at);
        CREATE TABLE IF NOT EXISTS cairn_runs (
            session_key text PRIMARY KEY,
            run_id      text NOT NULL,
            replica_id  text NOT NULL,
            kind        text NOT NULL,
            started_at  bigint NOT NULL
        );
        """;

    private readonly List<string> _databases = [];

    [Fact]
    public void NewStore_HasTheReplicaTables_AtTheLatestStep()
    {
        var connection = BareDatabase();
        using (var db = CairnDatabase.OpenPostgres(connection))
        {
            Assert.Equal(PostgresMigrations.Latest, db.SchemaVersion);
        }

        Assert.Equal(["cairn_event_payloads", "cairn_runs"], Tables(connection, "cairn_event_payloads", "cairn_runs"));
        Assert.Equal(PostgresMigrations.Latest, PostgresCheck.Run(connection).SchemaVersion);
    }

    [Fact]
    public void StoreMadeBeforeStep2_WithTheTablesAndRows_IsMigrated_AndKeepsThem()
    {
        var connection = BareDatabase();
        using (var old = CairnDatabase.OpenPostgres(connection, migrateTo: 1))
        {
            Assert.Equal(1, old.SchemaVersion);
        }

        Exec(connection, StartedReplicaBefore +
            "INSERT INTO cairn_runs VALUES ('main', 'run-1', 'replica-a', 'reply', 1); INSERT INTO cairn_event_payloads (body) VALUES ('{}');");

        using (var db = CairnDatabase.OpenPostgres(connection))
        {
            Assert.Equal(PostgresMigrations.Latest, db.SchemaVersion);
        }

        Assert.Equal("run-1", Scalar(connection, "SELECT run_id FROM cairn_runs WHERE session_key = 'main'"));
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM cairn_event_payloads"));
        Assert.Equal((long)PostgresMigrations.Latest, Scalar(connection, "SELECT COUNT(*) FROM cairn_schema"));
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'ix_cairn_event_payloads_created'"));
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var connection in _databases)
        {
            TestStore.Drop(connection);
        }
    }

    private string BareDatabase()
    {
        var connection = TestStore.CreateBareDatabase();
        _databases.Add(connection);
        return connection;
    }

    private static List<string> Tables(string connection, params string[] names)
    {
        using var c = new NpgsqlConnection(connection);
        c.Open();
        using var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY(@n) ORDER BY tablename", c);
        command.Parameters.AddWithValue("n", names);
        using var reader = command.ExecuteReader();
        var found = new List<string>();
        while (reader.Read())
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    private static object? Scalar(string connection, string sql)
    {
        using var c = new NpgsqlConnection(connection);
        c.Open();
        using var command = new NpgsqlCommand(sql, c);
        return command.ExecuteScalar();
    }

    private static void Exec(string connection, string sql)
    {
        using var c = new NpgsqlConnection(connection);
        c.Open();
        using var command = new NpgsqlCommand(sql, c);
        command.ExecuteNonQuery();
    }
}
