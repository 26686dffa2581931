using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Cairn.Config;
using Cairn.Store;
using Npgsql;

namespace Cairn.Tests.Support;

/// <summary>
/// The store the tests run on: SQLite files in temp dirs by default; with <c>CAIRN_TEST_STORE=postgres</c> and
/// <c>CAIRN_TEST_POSTGRES</c> (a connection string to a server where the user may create databases, as
/// <c>tests/postgres.sh start</c> prints), a fresh PostgreSQL database per data dir: cloned from a template database
/// that has the migrations applied (built once per schema), and when its owner is done emptied (TRUNCATE, then step 1's
/// seed rows) and kept for the next one — on a busy machine CREATE and DROP DATABASE cost about a second each, the reset
/// a few milliseconds. The run's databases are dropped when it ends. Tests
/// that are about SQLite itself carry <see cref="SqliteOnly"/> and are left out of the PostgreSQL run (test.sh).
/// </summary>
public static class TestStore
{
    /// <summary>The trait of tests about SQLite itself (its file, WAL, PRAGMAs, its migrations, legacy-store import).</summary>
    public const string Trait = "Store";

    public const string SqliteOnly = "SqliteOnly";

    private static readonly ConcurrentDictionary<string, string> DatabasesByDir = new(StringComparer.Ordinal);
    private static readonly ConcurrentBag<string> Emptied = [];
    private static readonly ConcurrentBag<string> MadeHere = [];
    private static readonly Lazy<string> Template = new(CreateTemplate);
    private static int _hooked;

    public static bool IsPostgres => string.Equals(Environment.GetEnvironmentVariable("CAIRN_TEST_STORE"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The PostgreSQL server's connection string (<see cref="PrivatePostgres"/>: the configured one, else a private one).</summary>
    public static string Server => PrivatePostgres.ConnectionString;

    /// <summary>The database <paramref name="name"/> goes away under its users: no new connections, the open ones ended, renamed.</summary>
    public static void TakeDatabaseAway(string name)
    {
        Admin($"ALTER DATABASE {name} ALLOW_CONNECTIONS false");
        Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
        Admin($"ALTER DATABASE {name} RENAME TO {name}_away");
    }

    /// <summary>Undoes <see cref="TakeDatabaseAway"/>.</summary>
    public static void BringDatabaseBack(string name)
    {
        Admin($"ALTER DATABASE {name}_away RENAME TO {name}");
        Admin($"ALTER DATABASE {name} ALLOW_CONNECTIONS true");
    }

    /// <summary>Runs <paramref name="sql"/> as the server's superuser.</summary>
    public static void Admin(string sql)
    {
        using var admin = new NpgsqlConnection(Server);
        admin.Open();
        using var command = new NpgsqlCommand(sql, admin);
        command.ExecuteNonQuery();
    }

    /// <summary>The store of a data dir: its SQLite file, or on a PostgreSQL run the database that belongs to the dir.</summary>
    public static CairnDatabase Open(string dataDir) => IsPostgres
        ? CairnDatabase.OpenPostgres(DatabaseFor(dataDir))
        : CairnDatabase.Open(Path.Combine(dataDir, CairnDatabase.FileName));

    /// <summary>On a PostgreSQL run, <paramref name="config"/> pointed at the database of the data dir (made on first use).</summary>
    public static CairnConfig Apply(CairnConfig config, string dataDir) => !IsPostgres || config.Store.Provider == StoreConfig.Postgres
        ? config
        : config with { Store = config.Store with { Provider = StoreConfig.Postgres, ConnectionString = DatabaseFor(dataDir) } };

    /// <summary>The connection string of the data dir's database, cloned from the template on first use.</summary>
    public static string DatabaseFor(string dataDir) => DatabasesByDir.GetOrAdd(Path.GetFullPath(dataDir), _ => CreateDatabase());

    /// <summary>An empty database with the migrations applied (an emptied one, or a new clone); dropped at the end of the run.</summary>
    public static string CreateDatabase()
    {
        if (Emptied.TryTake(out var reused))
        {
            return reused;
        }

        var name = "cairn_t_" + Guid.NewGuid().ToString("N");
        Exec($"CREATE DATABASE {name} TEMPLATE {Template.Value}");
        return Made(WithDatabase(name));
    }

    /// <summary>A database without any migration (not from the template), dropped at the end of the run.</summary>
    public static string CreateBareDatabase()
    {
        var name = "cairn_t_" + Guid.NewGuid().ToString("N");
        Exec($"CREATE DATABASE {name}");
        return Made(WithDatabase(name));
    }

    /// <summary>A new database from the template, added to <paramref name="owned"/> for its owner to drop.</summary>
    public static string CreateDatabaseTracked(List<string> owned)
    {
        var connection = CreateDatabase();
        owned.Add(connection);
        return connection;
    }

    /// <summary>The data dir's owner is done with its database: it is emptied for the next test (dropped if that fails).</summary>
    public static void Forget(string dataDir)
    {
        if (DatabasesByDir.TryRemove(Path.GetFullPath(dataDir), out var connection))
        {
            Release(connection);
        }
    }

    /// <summary>A test is done with a database it made (<see cref="CreateDatabaseTracked"/>): emptied for the next one, dropped if that fails.</summary>
    public static void Release(string connection)
    {
        try
        {
            Empty(connection);
            Emptied.Add(connection);
        }
        catch (NpgsqlException)
        {
            Drop(connection);
        }
    }

    /// <summary>Every table but <c>cairn_schema</c> truncated (no triggers fire), identities restarted, step 1's seed rows back.</summary>
    private static void Empty(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var tables = new List<string>();
        using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'cairn_schema'", connection))
        using (var reader = list.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        using var tx = connection.BeginTransaction();
        Exec(connection, $"TRUNCATE {string.Join(", ", tables)} RESTART IDENTITY; {PostgresMigrations.Seed}");
        tx.Commit();
    }

    /// <summary>A connection string to another database of the same server.</summary>
    public static string WithDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(Server)
        {
            Database = database,
        }.ToString();

    public static void Drop(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        Exec($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    /// <summary>
    /// The template: a database with every PostgreSQL migration applied, named after a hash of the steps so a changed
    /// schema gets a new one. Made once per server (an advisory lock keeps two test processes from racing).
    /// </summary>
    private static string CreateTemplate()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", PostgresMigrations.Steps))))[..16];
        var name = "cairn_tpl_" + hash;
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        Exec(connection, "SELECT pg_advisory_lock(4242)");
        try
        {
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", connection);
            exists.Parameters.AddWithValue("n", name);
            if (exists.ExecuteScalar() is null)
            {
                var building = name + "_new";
                Exec(connection, $"DROP DATABASE IF EXISTS {building} WITH (FORCE)");
                Exec(connection, $"CREATE DATABASE {building}");
                using (CairnDatabase.OpenPostgres(WithDatabase(building)))
                {
                }

                // The migrations' connections are closed, but their server processes may take a moment to go.
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        Exec(connection, $"ALTER DATABASE {building} RENAME TO {name}");
                        break;
                    }
                    catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 100)
                    {
                        Thread.Sleep(50);
                    }
                }
            }
        }
        finally
        {
            Exec(connection, "SELECT pg_advisory_unlock(4242)");
        }

        return name;
    }

    /// <summary>Records a database this run made, to be dropped when the run ends.</summary>
    private static string Made(string connection)
    {
        MadeHere.Add(connection);
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropAll();
        }

        return connection;
    }

    private static void DropAll()
    {
        foreach (var connection in MadeHere)
        {
            try
            {
                Drop(connection);
            }
            catch (NpgsqlException)
            {
                // The cluster may already be stopping; it is a temp cluster either way.
            }
        }
    }

    private static void Exec(string sql)
    {
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        Exec(connection, sql);
    }

    /// <summary>No command timeout: on a machine this loaded, DROP DATABASE has taken longer than Npgsql's default 30 s.</summary>
    private static void Exec(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }
}
