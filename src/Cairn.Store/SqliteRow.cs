using System.Data.Common;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Cairn.Store;

/// <summary>
/// A SELECT run on its own prepared SQLite statement and read column by column straight from the library, for the
/// hottest reads (session rows: a page of <c>sessions.list</c> is 100 rows × 25 columns). Microsoft.Data.Sqlite asks
/// SQLite for a value's type before every value and marshals a safe handle on each of those calls, which made reading
/// a page cost several times SQLite's own stepping (docs/performance.md, issue 20). Here a column is one call into the
/// library (a null one too: its type is asked once). Only for a <see cref="CachedCommand"/>, whose connection stays
/// open and is used by one caller at a time; the statement is kept with that command, reset after each run.
/// </summary>
internal sealed class SqliteRow : IDisposable
{
    private const int SqliteInteger = 1;
    private const int SqliteNull = 5;

    private static readonly Lazy<bool> Available = new(() => NativeLibrary.TryLoad("e_sqlite3", typeof(SqliteRow).Assembly, null, out _));

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;
    private readonly IntPtr _handle;

    private SqliteRow(SqliteConnection connection, sqlite3_stmt statement)
    {
        _connection = connection;
        _statement = statement;
        _handle = statement.DangerousGetHandle();
    }

    /// <summary>The statement of <paramref name="sql"/> on <paramref name="connection"/>; null when it is not one plain statement (then the command's own reader runs it).</summary>
    public static SqliteRow? Prepare(SqliteConnection connection, string sql)
    {
        if (!Available.Value || connection.Handle is not { } db)
        {
            return null;
        }

        if (raw.sqlite3_prepare_v2(db, sql, out var statement, out var tail) != raw.SQLITE_OK || statement.IsInvalid || !string.IsNullOrWhiteSpace(tail))
        {
            statement.Dispose();
            return null;
        }

        return new SqliteRow(connection, statement);
    }

    /// <summary>Binds the command's parameters by name; false (nothing run) when one is of a type not handled here or one is missing.</summary>
    public bool Bind(DbParameterCollection parameters)
    {
        raw.sqlite3_clear_bindings(_statement);
        var bound = 0;
        foreach (DbParameter parameter in parameters)
        {
            var index = raw.sqlite3_bind_parameter_index(_statement, parameter.ParameterName);
            if (index == 0)
            {
                continue;
            }

            var rc = parameter.Value switch
            {
                null or DBNull => raw.sqlite3_bind_null(_statement, index),
                string s => raw.sqlite3_bind_text(_statement, index, s),
                long l => raw.sqlite3_bind_int64(_statement, index, l),
                int i => raw.sqlite3_bind_int64(_statement, index, i),
                bool b => raw.sqlite3_bind_int64(_statement, index, b ? 1 : 0),
                _ => -1,
            };
            if (rc != raw.SQLITE_OK)
            {
                return false;
            }

            bound++;
        }

        return bound == raw.sqlite3_bind_parameter_count(_statement);
    }

    /// <summary>Steps to the next row: true on a row, false when done; an error is thrown as SQLite's, as the provider would.</summary>
    public bool Next()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }

        var db = _connection.Handle!;
        throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
    }

    /// <summary>Ends a run: the statement lets go of its read snapshot and its bound values.</summary>
    public void Reset()
    {
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
    }

    /// <summary>
    /// A column the schema declares <c>INTEGER NOT NULL</c>: its value without asking its type first (a NULL would read
    /// as 0, which such a column cannot hold).
    /// </summary>
    public long GetInt64(int column) => Native.ColumnInt64(_handle, column);

    public int GetInt32(int column) => checked((int)GetInt64(column));

    public long? GetNullableInt64(int column) => Native.ColumnType(_handle, column) switch
    {
        SqliteNull => null,
        SqliteInteger => Native.ColumnInt64(_handle, column),
        _ => throw new InvalidCastException($"Column {column} is not an integer."),
    };

    public string GetString(int column) => GetNullableString(column) ?? throw new InvalidCastException($"Column {column} is null.");

    /// <summary>A text column: SQLite gives no pointer for a NULL, so a NULL costs one call and a text two (its bytes, then their length).</summary>
    public string? GetNullableString(int column)
    {
        var text = Native.ColumnText(_handle, column);
        return text == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(text, Native.ColumnBytes(_handle, column));
    }

    public void Dispose() => _statement.Dispose();

    /// <summary>
    /// The column getters of the SQLite library Microsoft.Data.Sqlite loads (e_sqlite3), called with the statement's raw
    /// pointer and without a GC transition: each only reads the current row, and the row stays put until the next step.
    /// </summary>
    private static class Native
    {
        private const string Library = "e_sqlite3";

        [DllImport(Library, EntryPoint = "sqlite3_column_type", ExactSpelling = true)]
        [SuppressGCTransition]
        public static extern int ColumnType(IntPtr statement, int column);

        [DllImport(Library, EntryPoint = "sqlite3_column_int64", ExactSpelling = true)]
        [SuppressGCTransition]
        public static extern long ColumnInt64(IntPtr statement, int column);

        [DllImport(Library, EntryPoint = "sqlite3_column_text", ExactSpelling = true)]
        [SuppressGCTransition]
        public static extern IntPtr ColumnText(IntPtr statement, int column);

        [DllImport(Library, EntryPoint = "sqlite3_column_bytes", ExactSpelling = true)]
        [SuppressGCTransition]
        public static extern int ColumnBytes(IntPtr statement, int column);
    }
}
