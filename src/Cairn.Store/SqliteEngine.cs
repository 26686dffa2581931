using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Cairn.Store;

/// <summary>
/// The SQLite file of a data dir: WAL, <c>synchronous=FULL</c>, one writer connection (writes that arrive together
/// share its next commit: <see cref="SqliteWriter"/>), any number of readers on connections of their own. The writer
/// and up to <see cref="IdleReaders"/> readers stay open between calls with their <see cref="StatementCache"/>, so a
/// call neither opens a connection nor runs its PRAGMAs nor prepares its SQL again; a reader outside a transaction still sees every commit made before it starts.
/// </summary>
internal sealed class SqliteEngine : IStoreEngine
{
    /// <summary>Readers kept open when idle; more may be open at once under load, and are closed after use.</summary>
    internal const int IdleReaders = 8;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SqliteWriter _writes;
    private readonly Stack<SqliteConnection> _readers = new();
    private bool _disposed;

    public SqliteEngine(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _writer = Open();
        Exec("PRAGMA journal_mode=WAL;");
        StatementCache.Attach(_writer);
        _writes = new SqliteWriter(_writer);
    }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public T Read<T>(Func<DbConnection, T> read)
    {
        var connection = TakeReader();
        try
        {
            return read(connection);
        }
        finally
        {
            GiveBack(connection);
        }
    }

    public T ReadSnapshot<T>(Func<DbConnection, DbTransaction, T> read)
    {
        var connection = TakeReader();
        try
        {
            using var tx = connection.BeginTransaction(deferred: true);
            return read(connection, tx);
        }
        finally
        {
            GiveBack(connection);
        }
    }

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> write, CancellationToken ct) => _writes.WriteAsync(write, ct);

    public int SchemaVersion()
    {
        using var command = _writer.Command("PRAGMA user_version;");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Migrate(int? target)
    {
        for (var version = SchemaVersion(); version < (target ?? Migrations.Latest); version++)
        {
            using var tx = _writer.BeginTransaction();
            using var command = _writer.Command(Migrations.Steps[version] + $"\nPRAGMA user_version = {version + 1};", tx);
            command.ExecuteNonQuery();
            tx.Commit();
        }
    }

    public void Dispose()
    {
        lock (_readers)
        {
            _disposed = true;
            while (_readers.TryPop(out var reader))
            {
                Close(reader);
            }
        }

        Close(_writer);
    }

    private SqliteConnection TakeReader()
    {
        lock (_readers)
        {
            if (_readers.TryPop(out var idle))
            {
                return idle;
            }
        }

        var connection = Open();
        StatementCache.Attach(connection);
        return connection;
    }

    /// <summary>Keeps a reader for the next call, unless enough are idle, the engine is closed, or the read left it unusable.</summary>
    private void GiveBack(SqliteConnection connection)
    {
        if (connection.State == System.Data.ConnectionState.Open)
        {
            lock (_readers)
            {
                if (!_disposed && _readers.Count < IdleReaders)
                {
                    _readers.Push(connection);
                    return;
                }
            }
        }

        Close(connection);
    }

    private static void Close(SqliteConnection connection)
    {
        StatementCache.Of(connection)?.Clear();
        connection.Dispose();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private void Exec(string sql)
    {
        using var command = _writer.Command(sql);
        command.ExecuteNonQuery();
    }
}
