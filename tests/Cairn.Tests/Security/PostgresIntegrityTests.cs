using Cairn.Tests.Support;
using Npgsql;

namespace Cairn.Tests.Security;

/// <summary>The crash test's PostgreSQL integrity check finds what it looks for (on a real PostgreSQL, on either pass).</summary>
public sealed class PostgresIntegrityTests
{
    [Fact]
    public void SoundStore_IsOk_ACounterThatDisagreesWithTheRows_IsNamed()
    {
        var database = TestStore.CreateDatabase();
        try
        {
            using var connection = new NpgsqlConnection(database);
            connection.Open();
            Assert.Equal("ok", PostgresIntegrity.Check(connection));

            using (var skew = new NpgsqlCommand("UPDATE session_counts SET n = n + 1 WHERE shelf = 0 AND persistent = 1 AND user_created = 1", connection))
            {
                skew.ExecuteNonQuery();
            }

            var found = PostgresIntegrity.Check(connection);
            Assert.Equal("session_counts (shelf 0, persistent 1, user_created 1) says 1, the sessions are 0", found);
            Assert.DoesNotContain("amcheck", Extensions(connection), StringComparison.Ordinal);
        }
        finally
        {
            TestStore.Release(database);
        }
    }

    private static string Extensions(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT string_agg(extname, ',') FROM pg_extension", connection);
        return command.ExecuteScalar() as string ?? "";
    }
}
