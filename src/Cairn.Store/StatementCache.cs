using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Cairn.Store;

/// <summary>
/// The prepared statements of one SQLite connection that stays open, keyed by SQL text. Microsoft.Data.Sqlite prepares
/// a statement again for every new <see cref="SqliteCommand"/> and finalises it when the command is disposed; the
/// stores make a command per call (<see cref="DbExtensions.Command"/>), so without this every read and write paid for
/// parsing and planning its SQL (docs/performance.md, issue 20). A command taken from here is a
/// <see cref="CachedCommand"/>: disposing it clears its parameters and puts it back, prepared, for the next call of the
/// same SQL on this connection. Only statements are kept, never rows: every execution reads the database afresh.
/// A connection is used by one caller at a time (the writer by the one thread running its queue of writes, a reader
/// taken from the engine's pool), so the cache needs no lock.
/// </summary>
internal sealed class StatementCache
{
    /// <summary>Distinct SQL texts kept per connection; the stores' hot statements are a few dozen.</summary>
    internal const int Capacity = 200;

    /// <summary>Longer texts (migration scripts, batch inserts with many rows) are run once and not kept.</summary>
    internal const int MaxSqlLength = 4_000;

    private static readonly ConditionalWeakTable<SqliteConnection, StatementCache> Caches = new();

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, CachedCommand> _idle = new(StringComparer.Ordinal);

    private StatementCache(SqliteConnection connection) => _connection = connection;

    /// <summary>How many prepared commands wait for reuse (for tests).</summary>
    internal int Count => _idle.Count;

    /// <summary>Gives <paramref name="connection"/> a cache; from now on <see cref="DbExtensions.Command"/> on it reuses prepared statements.</summary>
    public static StatementCache Attach(SqliteConnection connection)
    {
        var cache = new StatementCache(connection);
        Caches.AddOrUpdate(connection, cache);
        return cache;
    }

    /// <summary>A prepared (or new) command for <paramref name="sql"/> when the connection has a cache; otherwise null.</summary>
    public static DbCommand? Rent(DbConnection connection, string sql, DbTransaction? tx) =>
        sql.Length <= MaxSqlLength && connection is SqliteConnection sqlite && Caches.TryGetValue(sqlite, out var cache)
            ? cache.Take(sql, (SqliteTransaction?)tx)
            : null;

    /// <summary>The cache of <paramref name="connection"/>, if it has one.</summary>
    internal static StatementCache? Of(SqliteConnection connection) => Caches.TryGetValue(connection, out var cache) ? cache : null;

    private CachedCommand Take(string sql, SqliteTransaction? tx)
    {
        // A command already taken (a reader still open on the same SQL) is not here: the caller gets a second one.
        if (!_idle.Remove(sql, out var command))
        {
            command = new CachedCommand(this, new SqliteCommand(sql, _connection));
        }

        command.Inner.Transaction = tx;
        command.Lend();
        return command;
    }

    /// <summary>Called by <see cref="CachedCommand"/>'s dispose: keeps it for the next call, or lets it go.</summary>
    internal void Return(CachedCommand command, bool reusable)
    {
        var inner = command.Inner;
        if (reusable && _idle.Count < Capacity && !_idle.ContainsKey(inner.CommandText))
        {
            inner.Parameters.Clear();
            inner.Transaction = null;
            _idle[inner.CommandText] = command;
            return;
        }

        command.Release();
    }

    /// <summary>Finalises every kept statement; the engine calls this before it closes the connection.</summary>
    public void Clear()
    {
        foreach (var command in _idle.Values)
        {
            command.Release();
        }

        _idle.Clear();
    }
}
