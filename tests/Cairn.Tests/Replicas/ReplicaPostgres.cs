using Cairn.Tests.Support;
using Npgsql;

namespace Cairn.Tests.Replicas;

/// <summary>
/// The PostgreSQL the replica tests share (<see cref="PrivatePostgres"/>: the configured server, else a private cluster;
/// never a silent skip: no PostgreSQL is a failure). Each test
/// takes a database of its own (<see cref="CreateDatabaseAsync"/>), dropped at the end.
/// </summary>
public sealed class ReplicaPostgres : IAsyncLifetime
{
    /// <summary>A superuser connection string to the <c>postgres</c> database.</summary>
    public string Admin { get; private set; } = "";

    public Task InitializeAsync()
    {
        Admin = PrivatePostgres.ConnectionString;
        return Task.CompletedTask;
    }

    /// <summary>A fresh, empty database; its connection string. Dropped when the returned handle is disposed.</summary>
    public async Task<ReplicaTestDatabase> CreateDatabaseAsync()
    {
        var name = "cairn_r_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(Admin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new ReplicaTestDatabase(Admin, name, new NpgsqlConnectionStringBuilder(Admin) { Database = name }.ConnectionString);
    }

    /// <summary>The store's PostgreSQL migrations on <paramref name="connectionString"/>, which include the replicas' tables (step 2).</summary>
    public static void Migrate(string connectionString)
    {
        using (Cairn.Store.CairnDatabase.OpenPostgres(connectionString))
        {
        }
    }

    // The server outlives the fixture: PrivatePostgres stops a cluster it started when the test process exits.
    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>One test's database: its connection string; dropped (its connections ended first) on dispose.</summary>
public sealed class ReplicaTestDatabase(string admin, string name, string connectionString) : IAsyncDisposable
{
    public string ConnectionString => connectionString;

    /// <summary>Ends every server session on this database whose query matches <paramref name="like"/> (a dropped connection, as the network would).</summary>
    public async Task<int> TerminateAsync(string like)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @d AND query LIKE @q AND pid <> pg_backend_pid()", connection);
        kill.Parameters.AddWithValue("d", name);
        kill.Parameters.AddWithValue("q", like);
        return Convert.ToInt32(await kill.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ReplicaPostgresGroup : ICollectionFixture<ReplicaPostgres>
{
    public const string Name = "replica-postgres";
}
