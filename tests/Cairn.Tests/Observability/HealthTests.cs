using System.Net;
using Cairn.Observability;
using Cairn.Protocol;
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
        if (TestStore.IsPostgres)
        {
            // A replica reports "degraded" until its LISTEN connection is up, which it opens in the background after
            // start (one PostgreSQL run in four asked before that).
            await Cairn.Tests.Security.WebSocketLimitTests.WaitUntilAsync(() => gw.Service<Cairn.Replicas.ReplicaHealth>().Healthy);
        }

        var (status, health) = await gw.Api.HealthAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", health!.Status);
        Assert.True(health.Store.Reachable);
        Assert.Equal(TestStore.IsPostgres ? PostgresMigrations.Latest : Migrations.Latest, health.Store.SchemaVersion);
        Assert.Equal(TestStore.IsPostgres ? "postgres" : "sqlite", health.Store.Provider);
        Assert.Equal(90, health.UptimeSeconds);
        Assert.Equal(Hello.ServerVersion, health.Version);
        Assert.Equal(new HealthProvider("echo", "echo-1", HealthProvider.Ok, null, null, null, 0, null, null), health.Provider);
    }

    [Fact]
    public async Task Healthz_Is503_WhenTheStoreCannotBeRead()
    {
        await using var gw = await TestGateway.StartAsync(services: s => s.AddSingleton<IStoreProbe>(new UnreachableStore()));

        var (status, health) = await gw.Api.HealthAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unavailable", health!.Status);
        Assert.False(health.Store.Reachable);
    }

    [Fact]
    [Trait(TestStore.Trait, TestStore.SqliteOnly)]
    public void SqliteProbe_ReadsTheRealFile_AndFailsWhenItIsGone()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, CairnDatabase.FileName);
        var db = CairnDatabase.Open(path);
        var probe = new DatabaseStoreProbe(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseStoreProbe>.Instance);
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
