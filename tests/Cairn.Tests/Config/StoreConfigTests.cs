using Cairn.Config;
using Cairn.Tests.Support;

namespace Cairn.Tests.Config;

public sealed class StoreConfigTests
{
    [Fact]
    public void NoFile_IsSqliteWithoutAConnectionString()
    {
        using var dir = new TempDir();

        var store = ConfigLoader.Load(dir.Path, environment: []).Store;

        Assert.Equal(StoreConfig.Sqlite, store.Provider);
        Assert.Null(store.ConnectionString);
    }

    [Fact]
    public void Postgres_IsReadFromYaml_AndTheEnvironmentWins()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), """
            store:
              provider: postgres
              connectionString: Host=db;Database=cairn;Username=cairn
            """);

        var fromFile = ConfigLoader.Load(dir.Path, environment: []).Store;
        var fromEnv = ConfigLoader.Load(dir.Path, environment: [new("CAIRN_STORE__CONNECTIONSTRING", "Host=other;Database=c2;Username=u;Password=p")]).Store;

        Assert.Equal((StoreConfig.Postgres, "Host=db;Database=cairn;Username=cairn"), (fromFile.Provider, fromFile.ConnectionString));
        Assert.Equal("Host=other;Database=c2;Username=u;Password=p", fromEnv.ConnectionString);
    }

    [Fact]
    public void Environment_AloneSelectsPostgres()
    {
        using var dir = new TempDir();

        var store = ConfigLoader.Load(dir.Path, environment:
            [new("CAIRN_STORE__PROVIDER", "Postgres"), new("CAIRN_STORE__CONNECTIONSTRING", "Host=db;Database=cairn")]).Store;

        Assert.Equal(StoreConfig.Postgres, store.Provider);
    }

    [Theory]
    [InlineData("store: { provider: mysql }", "store.provider", "'mysql' is not one of sqlite, postgres")]
    [InlineData("store: { provider: postgres }", "store.connectionString", "is required when store.provider is postgres")]
    [InlineData("store: { connectionString: 'Host=db' }", "store.connectionString", "is only for store.provider postgres")]
    [InlineData("store: { provider: postgres, connectionString: 'Hots=db;Pasword=secret123' }", "store.connectionString", "not a valid PostgreSQL connection string")]
    [InlineData("store: { provder: postgres }", "store.provder", "")]
    public void InvalidStore_NamesTheKey(string yaml, string key, string problem)
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), yaml);

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.Path, environment: []));

        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret123", ex.Message, StringComparison.Ordinal);
    }
}
