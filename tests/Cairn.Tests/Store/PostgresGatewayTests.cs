using System.Net;
using System.Text.Json;
using Cairn.Cli;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Cli;
using Cairn.Tests.Support;
using Npgsql;

namespace Cairn.Tests.Store;

/// <summary>
/// The gateway on a PostgreSQL store, named in its config: no SQLite file, <c>/healthz</c> and <c>cairn doctor</c>
/// report the provider, and a database that goes away is <c>UNAVAILABLE</c> until it is back, without a restart.
/// </summary>
public sealed class PostgresGatewayTests : IDisposable
{
    private readonly List<string> _databases = [];

    [Fact]
    public async Task Gateway_OnPostgres_KeepsNoSqliteFile_AndHealthReportsTheProvider()
    {
        var connection = TestStore.CreateDatabaseTracked(_databases);
        await using var gw = await TestGateway.StartAsync(c => c with { Store = c.Store with { Provider = StoreConfig.Postgres, ConnectionString = connection } });

        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Harbor"));
        var (status, health) = await gw.Api.HealthAsync();

        Assert.False(File.Exists(Path.Combine(gw.DataDir, CairnDatabase.FileName)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("postgres", PostgresMigrations.Latest, HealthIntegrity.Off), (health!.Store.Provider, health.Store.SchemaVersion, health.Store.Integrity!.State));
        using var db = CairnDatabase.OpenPostgres(connection);
        Assert.Equal("Harbor", new SessionStore(db).Get("harbor")!.Label);
    }

    [Fact]
    public async Task DatabaseGoesAway_RequestsAreUnavailable_HealthIs503_ThenItRecoversWithoutARestart()
    {
        var connection = TestStore.CreateDatabaseTracked(_databases);
        var name = new NpgsqlConnectionStringBuilder(connection).Database!;
        await using var gw = await TestGateway.StartAsync(c => c with { Store = c.Store with { Provider = StoreConfig.Postgres, ConnectionString = connection } });
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Before"));

        // The database disappears under the gateway (its connections cut, the name gone), as when a server is replaced.
        TestStore.TakeDatabaseAway(name);
        try
        {
            var create = await gw.RequestAsync("sessions.create", new SessionsCreateParams("During"));
            var list = await gw.RequestAsync("sessions.list");
            // The first page of a search reads the session hits and the messages side by side; either failing is the store's error.
            var search = await gw.RequestAsync("search.query", new SearchQueryParams("before"));
            var (status, health) = await gw.Api.HealthAsync();

            Assert.Equal((ErrorCode.Unavailable, "storage_unreachable"), (create.Error!.Code, create.Error.Detail<string>("reason")));
            Assert.Equal(ErrorCode.Unavailable, list.Error!.Code);
            Assert.Equal(ErrorCode.Unavailable, search.Error!.Code);
            Assert.Equal((HttpStatusCode.ServiceUnavailable, false), (status, health!.Store.Reachable));
        }
        finally
        {
            TestStore.BringDatabaseBack(name);
        }

        var after = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("After"));
        var (healthy, _) = await gw.Api.HealthAsync();
        Assert.Equal("after", after.Key);
        Assert.Equal(HttpStatusCode.OK, healthy);
    }

    [Fact]
    public async Task Doctor_OnAPostgresDataDir_ChecksTheServer_AndSaysWhenItCannotReachIt()
    {
        var connection = TestStore.CreateDatabaseTracked(_databases);
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), $"store:\n  provider: postgres\n  connectionString: '{connection}'\n");
        using var unreachable = new TempDir();
        var closed = new NpgsqlConnectionStringBuilder(connection) { Port = 1, Timeout = 2 }.ToString();
        File.WriteAllText(Path.Combine(unreachable.Path, "config.yaml"), $"store:\n  provider: postgres\n  connectionString: '{closed}'\n");

        var ok = await CairnCli.RunRawAsync(null, "doctor", "--data-dir", dir.Path, "--json");
        var down = await CairnCli.RunRawAsync(null, "doctor", "--data-dir", unreachable.Path, "--json");

        Assert.Equal(0, ok.Code);
        var report = JsonSerializer.Deserialize<DoctorReport>(ok.Stdout, ProtocolJson.Options)!;
        Assert.Equal(("postgres", DoctorReport.Ok, PostgresMigrations.Latest), (report.Provider, report.Result, report.SchemaVersion));
        Assert.DoesNotContain("Password", ok.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DoctorCommand.Unreadable, down.Code);
        Assert.Contains("PostgreSQL could not be reached", down.Stdout, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var connection in _databases)
        {
            TestStore.Release(connection);
        }
    }
}
