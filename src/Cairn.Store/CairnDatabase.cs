using System.Data.Common;
using System.Globalization;

namespace Cairn.Store;

/// <summary>
/// The store's database: the SQLite file of a data dir (<see cref="Open"/>) or a PostgreSQL database
/// (<see cref="OpenPostgres"/>). Every write runs in one transaction and returns only after it committed; reads run on
/// connections of their own. The stores take this and write their SQL once, asking <see cref="Dialect"/> for the
/// pieces that differ.
/// </summary>
public sealed class CairnDatabase : IDisposable
{
    public const string FileName = "cairn.db";

    private readonly IStoreEngine _engine;

    private CairnDatabase(IStoreEngine engine, string? path, string? connectionString)
    {
        _engine = engine;
        Path = path;
        ConnectionString = connectionString;
    }

    /// <summary>The SQLite file; null on PostgreSQL.</summary>
    public string? Path { get; }

    /// <summary>The PostgreSQL connection string; null on SQLite.</summary>
    public string? ConnectionString { get; }

    public SqlDialect Dialect => _engine.Dialect;

    /// <summary>"sqlite" or "postgres".</summary>
    public string Provider => _engine.Dialect.Name;

    /// <summary>Opens (creating if needed) the SQLite file and applies pending migrations.</summary>
    public static CairnDatabase Open(string path, int? migrateTo = null) => Start(() => new SqliteEngine(path), path, null, migrateTo);

    /// <summary>
    /// Opens a PostgreSQL database and applies pending migrations (under an advisory lock, so replicas starting together
    /// apply each step once). A server that is down or refuses is a <see cref="StoreUnavailableException"/>.
    /// </summary>
    public static CairnDatabase OpenPostgres(string connectionString, int? migrateTo = null) =>
        Start(() => new PostgresEngine(connectionString), null, connectionString, migrateTo);

    private static CairnDatabase Start(Func<IStoreEngine> open, string? path, string? connectionString, int? migrateTo)
    {
        var engine = open();
        try
        {
            engine.Migrate(migrateTo);
            return new CairnDatabase(engine, path, connectionString);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public int SchemaVersion => _engine.SchemaVersion();

    /// <summary>Runs a read on a connection of its own.</summary>
    public T Read<T>(Func<DbConnection, T> read) => _engine.Read(read);

    /// <summary>Runs a read of several statements that must all see one snapshot, in a read transaction of its own.</summary>
    public T ReadSnapshot<T>(Func<DbConnection, DbTransaction, T> read) => _engine.ReadSnapshot(read);

    /// <summary>Why the last write failed, when it failed for a named reason (disk full, read-only, I/O, unreachable); null once a write succeeds.</summary>
    public StoreWriteFailure? WriteFailure { get; private set; }

    /// <summary>
    /// Runs a write in one transaction committed before returning. On SQLite it runs on the single writer, where writes
    /// that arrive together share one transaction (each in a savepoint) and its commit, and run again one at a time if
    /// that transaction is lost (<see cref="SqliteWriter"/>); on PostgreSQL as a serializable transaction, run again from
    /// the start when it lost to a concurrent one. So <paramref name="write"/> must do nothing but its SQL. A full disk,
    /// a read-only store, an I/O error or an unreachable server is thrown as <see cref="StoreUnavailableException"/> and
    /// kept in <see cref="WriteFailure"/>.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> write, CancellationToken ct = default)
    {
        try
        {
            var result = await _engine.WriteAsync(write, ct);
            WriteFailure = null;
            return result;
        }
        catch (StoreUnavailableException named)
        {
            WriteFailure = new StoreWriteFailure(named.Reason, named.Message);
            throw;
        }
    }

    /// <summary>Runs <c>PRAGMA integrity_check</c> (SQLite); "ok" when the file is sound. PostgreSQL checks its own pages: always "ok".</summary>
    public string IntegrityCheck() => Dialect.IsPostgres ? "ok" : Read(c =>
    {
        using var command = c.Command("PRAGMA integrity_check;");
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    });

    public void Dispose() => _engine.Dispose();
}
