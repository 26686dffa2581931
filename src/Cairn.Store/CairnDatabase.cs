using Microsoft.Data.Sqlite;

namespace Cairn.Store;

/// <summary>
/// The SQLite file of a data dir: WAL, <c>synchronous=FULL</c>, one writer at a time, any number of readers.
/// Every write runs in one transaction and returns only after it committed.
/// </summary>
public sealed class CairnDatabase : IDisposable
{
    public const string FileName = "cairn.db";

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private CairnDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _writer = OpenConnection();
    }

    public string Path { get; }

    /// <summary>Opens (creating if needed) the database and applies pending migrations.</summary>
    public static CairnDatabase Open(string path, int? migrateTo = null)
    {
        var db = new CairnDatabase(path);
        try
        {
            db.Exec("PRAGMA journal_mode=WAL;");
            db.Migrate(migrateTo ?? Migrations.Latest);
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public int SchemaVersion => Convert.ToInt32(Scalar(_writer, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs a read on a pooled connection of its own.</summary>
    public T Read<T>(Func<SqliteConnection, T> read)
    {
        using var connection = OpenConnection();
        return read(connection);
    }

    /// <summary>Why the last write failed, when it failed for a named reason (disk full, read-only, I/O); null once a write succeeds.</summary>
    public StoreWriteFailure? WriteFailure { get; private set; }

    /// <summary>
    /// Runs a write as the single writer, in one transaction committed before returning. A full disk, a read-only
    /// file or an I/O error is thrown as <see cref="StoreUnavailableException"/> and kept in <see cref="WriteFailure"/>.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> write, CancellationToken ct = default)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            using var tx = _writer.BeginTransaction();
            var result = write(_writer, tx);
            tx.Commit();
            WriteFailure = null;
            return result;
        }
        catch (SqliteException ex) when (StoreUnavailableException.From(ex) is { } named)
        {
            WriteFailure = new StoreWriteFailure(named.Reason, named.Message);
            throw named;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs <c>PRAGMA integrity_check</c>; "ok" when the file is sound.</summary>
    public string IntegrityCheck() => Read(c => Convert.ToString(Scalar(c, "PRAGMA integrity_check;"), System.Globalization.CultureInfo.InvariantCulture) ?? "");

    public void Dispose()
    {
        _writer.Dispose();
        _writeGate.Dispose();
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private void Migrate(int target)
    {
        for (var version = SchemaVersion; version < target; version++)
        {
            using var tx = _writer.BeginTransaction();
            using var command = _writer.CreateCommand();
            command.Transaction = tx;
            command.CommandText = Migrations.Steps[version] + $"\nPRAGMA user_version = {version + 1};";
            command.ExecuteNonQuery();
            tx.Commit();
        }
    }

    private void Exec(string sql)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
