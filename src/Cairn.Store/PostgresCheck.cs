using System.Diagnostics;
using Npgsql;

namespace Cairn.Store;

/// <summary>What <see cref="PostgresCheck.Run"/> learned: the server's version and the store's schema step, or why it could not tell.</summary>
public sealed record PostgresCheckResult(string Target, string? ServerVersion, int? SchemaVersion, string? Problem, TimeSpan Elapsed);

/// <summary>
/// <c>cairn doctor</c>'s look at a PostgreSQL store, without writing anything: a <c>SELECT 1</c> round trip, the server's
/// version and the last migration step recorded in <c>cairn_schema</c>. PostgreSQL checks its own pages (and data
/// checksums, when the cluster has them), so there is no file check to run from here.
/// </summary>
public static class PostgresCheck
{
    public static int LatestSchemaVersion => PostgresMigrations.Latest;

    /// <summary>host:port/database of a connection string, never its password.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"postgres://{b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "postgres (the connection string cannot be read)";
        }
    }

    public static PostgresCheckResult Run(string connectionString)
    {
        var target = Describe(connectionString);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using (var ping = new NpgsqlCommand("SELECT 1", connection))
            {
                ping.ExecuteScalar();
            }

            using var schema = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM cairn_schema", connection);
            int? version;
            try
            {
                version = (int)schema.ScalarInt64();
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                version = 0;
            }

            return new PostgresCheckResult(target, connection.PostgreSqlVersion.ToString(), version, null, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or TimeoutException)
        {
            return new PostgresCheckResult(target, null, null, ex.Message, Stopwatch.GetElapsedTime(started));
        }
    }
}
