using System.Data.Common;

namespace Cairn.Store;

/// <summary>
/// The columns of the current row of a query, read the cheapest way the command allows: SQLite's raw statement
/// (<see cref="SqliteRow"/>, one library call a value) for a cached SQLite command, else the provider's reader. For
/// reads of many rows where Microsoft.Data.Sqlite's per-value checks cost more than SQLite's stepping (a tag's scan).
/// </summary>
internal abstract class RowColumns
{
    public abstract string GetString(int column);

    public abstract long GetInt64(int column);

    /// <summary>Runs <paramref name="command"/> and calls <paramref name="each"/> for every row.</summary>
    public static void Each(DbCommand command, Action<RowColumns> each)
    {
        if (command is CachedCommand cached && cached.BoundRow() is { } row)
        {
            try
            {
                var columns = new Raw(row);
                while (row.Next())
                {
                    each(columns);
                }
            }
            finally
            {
                row.Reset();
            }

            return;
        }

        using var reader = command.ExecuteReader();
        var read = new Reader(reader);
        while (reader.Read())
        {
            each(read);
        }
    }

    private sealed class Raw(SqliteRow row) : RowColumns
    {
        public override string GetString(int column) => row.GetString(column);

        public override long GetInt64(int column) => row.GetInt64(column);
    }

    private sealed class Reader(DbDataReader reader) : RowColumns
    {
        public override string GetString(int column) => reader.GetString(column);

        public override long GetInt64(int column) => reader.GetInt64(column);
    }
}
