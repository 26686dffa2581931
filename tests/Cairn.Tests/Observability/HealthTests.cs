using Cairn.Observability;
using Cairn.Store;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Observability;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_ReportsStoreSchemaVersionAndUptime()
    {
        await using var gw = await TestGateway.StartAsync();
        gw.Clock.Advance(TimeSpan.FromSeconds(90));

        var (status, body, _) = await ObservabilityHelpers.GetAsync(gw, "/healthz");

        Assert.Equal(200, status);
        var health = body!.Value;
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("store").GetProperty("reachable").GetBoolean());
        Assert.Equal(Migrations.Latest, health.GetProperty("store").GetProperty("schemaVersion").GetInt32());
        Assert.Equal(90, health.GetProperty("uptimeSeconds").GetInt64());
        Assert.Equal(Cairn.Protocol.Hello.ServerVersion, health.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Healthz_Is503_WhenTheStoreCannotBeRead()
    {
        await using var gw = await TestGateway.StartAsync(services: s => s.AddSingleton<IStoreProbe>(new UnreachableStore()));

        var (status, body, _) = await ObservabilityHelpers.GetAsync(gw, "/healthz");

        Assert.Equal(503, status);
        Assert.Equal("unavailable", body!.Value.GetProperty("status").GetString());
        Assert.False(body.Value.GetProperty("store").GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public void SqliteProbe_ReadsTheRealFile_AndFailsWhenItIsGone()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, CairnDatabase.FileName);
        var db = CairnDatabase.Open(path);
        var probe = new SqliteStoreProbe(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteStoreProbe>.Instance);
        Assert.Equal(new StoreHealth(true, Migrations.Latest), probe.Check());

        db.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
        Directory.Delete(dir.Path, recursive: true);

        Assert.False(probe.Check().Reachable);
    }

    /// <summary>A store that cannot be read, as after a disk failure.</summary>
    private sealed class UnreachableStore : IStoreProbe
    {
        public StoreHealth Check() => new(false, null, "The database could not be read.");
    }
}
