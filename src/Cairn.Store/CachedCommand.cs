using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Cairn.Store;

/// <summary>
/// A <see cref="SqliteCommand"/> lent by a <see cref="StatementCache"/>: it behaves as the command itself, and its
/// dispose returns it (still prepared) instead of finalising its statements. A command whose SQL or connection was
/// changed, or whose reader is still open when it is disposed, is not reused.
/// </summary>
internal sealed class CachedCommand(StatementCache owner, SqliteCommand inner) : DbCommand
{
    private SqliteDataReader? _reader;
    private bool _changed;
    private bool _lent;
    private SqliteRow? _row;
    private bool _rowPrepared;

    internal SqliteCommand Inner => inner;

    /// <summary>
    /// The command's own raw statement with its parameters bound, for <see cref="SqliteRow"/> reads; null when the
    /// command was changed, a reader of it is open, or its SQL or parameters are not what that path handles (then its
    /// ordinary reader runs it). The caller resets the row when done.
    /// </summary>
    internal SqliteRow? BoundRow()
    {
        if (_changed || _reader is { IsClosed: false } || inner.Connection is not { State: ConnectionState.Open } connection)
        {
            return null;
        }

        if (!_rowPrepared)
        {
            _rowPrepared = true;
            _row = SqliteRow.Prepare(connection, inner.CommandText);
        }

        if (_row is not { } row)
        {
            return null;
        }

        if (row.Bind(inner.Parameters))
        {
            return row;
        }

        row.Reset();
        return null;
    }

    /// <summary>Finalises the statements: the provider's and the raw one.</summary>
    internal void Release()
    {
        _row?.Dispose();
        _row = null;
        inner.Dispose();
    }

    /// <summary>Marks the command as handed out: only the first dispose after this returns it.</summary>
    internal void Lend() => _lent = true;

    [AllowNull]
    public override string CommandText
    {
        get => inner.CommandText;
        set
        {
            if (!string.Equals(value, inner.CommandText, StringComparison.Ordinal))
            {
                _changed = true;
                inner.CommandText = value;
            }
        }
    }

    public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }

    public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }

    public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }

    public override UpdateRowSource UpdatedRowSource { get => inner.UpdatedRowSource; set => inner.UpdatedRowSource = value; }

    protected override DbConnection? DbConnection
    {
        get => inner.Connection;
        set
        {
            if (!ReferenceEquals(value, inner.Connection))
            {
                _changed = true;
                inner.Connection = (SqliteConnection?)value;
            }
        }
    }

    protected override DbParameterCollection DbParameterCollection => inner.Parameters;

    protected override DbTransaction? DbTransaction { get => inner.Transaction; set => inner.Transaction = (SqliteTransaction?)value; }

    public override void Cancel() => inner.Cancel();

    public override int ExecuteNonQuery() => inner.ExecuteNonQuery();

    public override object? ExecuteScalar() => inner.ExecuteScalar();

    public override void Prepare() => inner.Prepare();

    protected override DbParameter CreateDbParameter() => inner.CreateParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => _reader = inner.ExecuteReader(behavior);

    protected override void Dispose(bool disposing)
    {
        if (disposing && _lent)
        {
            _lent = false;
            var reusable = !_changed && _reader is null or { IsClosed: true } && inner.Connection is { State: ConnectionState.Open };
            _reader = null;
            owner.Return(this, reusable);
        }

        base.Dispose(disposing);
    }
}
