using System.Data.Common;

namespace Cairn.Store;

/// <summary>Small helpers over ADO.NET, so each store's SQL reads the same on SQLite and PostgreSQL.</summary>
internal static class DbExtensions
{
    /// <summary>
    /// A command for <paramref name="sql"/>; on a SQLite connection the engine keeps open, one already prepared
    /// (<see cref="StatementCache"/>). Dispose it when done (a <c>using</c>), which returns it for reuse.
    /// </summary>
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? tx = null)
    {
        if (StatementCache.Rent(connection, sql, tx) is { } cached)
        {
            return cached;
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        command.Param(name, value);
        return command;
    }

    /// <summary>Adds a parameter and returns it, for a command run several times with new values.</summary>
    public static DbParameter Param(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>The first column of the first row as a long: COUNT, SUM and MAX come back as different types per database.</summary>
    public static long ScalarInt64(this DbCommand command) =>
        Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The SQL pieces of the database behind this connection.</summary>
    public static SqlDialect Dialect(this DbConnection connection) => SqlDialect.Of(connection);

    public static long? GetNullableInt64(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
