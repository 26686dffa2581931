using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Cairn.Store;

/// <summary>
/// The SQLite file of a data dir: WAL, <c>synchronous=FULL</c>, one writer at a time (a held connection behind a
/// gate), any number of readers on pooled connections of their own.
/// </summary>
internal sealed class SqliteEngine : IStoreEngine
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

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
    }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public T Read<T>(Func<DbConnection, T> read)
    {
        using var connection = Open();
        return read(connection);
    }

    public T ReadSnapshot<T>(Func<DbConnection, DbTransaction, T> read)
    {
        using var connection = Open();
        using var tx = connection.BeginTransaction(deferred: true);
        return read(connection, tx);
    }

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> write, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            using var tx = _writer.BeginTransaction();
            var result = write(_writer, tx);
            tx.Commit();
            return result;
        }
        catch (SqliteException ex) when (StoreUnavailableException.From(ex) is { } named)
        {
            throw named;
        }
        finally
        {
            _writeGate.Release();
        }
    }

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
        _writer.Dispose();
        _writeGate.Dispose();
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
