namespace Cairn.Tests.Support;

/// <summary>A test of the PostgreSQL store itself: skipped, saying why, when no server is configured (<see cref="TestStore.Server"/>).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestStore.Server is null)
        {
            Skip = "CAIRN_TEST_POSTGRES is not set (eval \"$(tests/postgres.sh start)\" starts a server)";
        }
    }
}
