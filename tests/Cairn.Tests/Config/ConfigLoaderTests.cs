using Cairn.Config;
using Cairn.Tests.Support;

namespace Cairn.Tests.Config;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void NoFile_GivesDefaults()
    {
        using var dir = new TempDir();

        var config = ConfigLoader.Load(dir.Path, environment: []);

        Assert.Equal(CairnConfig.Default.Gateway.Port, config.Gateway.Port);
        Assert.Equal(ResetMode.Daily, config.Session.Reset.Mode);
        Assert.Equal("echo", config.Model.Provider);
        Assert.Equal(30, config.Session.TrashDays);
    }

    [Fact]
    public void TrashDays_IsRead_AndZeroMeansKeepUntilPurgedByHand()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), "session: { trashDays: 7 }");

        Assert.Equal(7, ConfigLoader.Load(dir.Path, environment: []).Session.TrashDays);
        Assert.Equal(0, ConfigLoader.Load(dir.Path, environment: [new("CAIRN_SESSION__TRASHDAYS", "0")]).Session.TrashDays);
    }

    [Fact]
    public void Yaml_ThenEnvironment_ThenOverrides_WinInThatOrder()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), """
            gateway: { port: 6000, bind: 127.0.0.1 }
            session:
              namedSessionsEnabled: false
              reset: { mode: idle, idleMinutes: 30 }
              listPageSize: 20
            model: { provider: openai, baseUrl: "http://127.0.0.1:9/v1", name: test-model }
            """);

        var config = ConfigLoader.Load(dir.Path, new Dictionary<string, string?> { ["gateway:port"] = "7000" },
            [new("CAIRN_SESSION__LISTPAGESIZE", "30"), new("CAIRN_GATEWAY__PORT", "6500"), new("OTHER", "x")]);

        Assert.Equal(7000, config.Gateway.Port);
        Assert.Equal(30, config.Session.ListPageSize);
        Assert.False(config.Session.NamedSessionsEnabled);
        Assert.Equal(ResetMode.Idle, config.Session.Reset.Mode);
        Assert.Equal(30, config.Session.Reset.IdleMinutes);
        Assert.Equal("openai", config.Model.Provider);
        Assert.Equal("test-model", config.Model.Name);
    }

    [Theory]
    [InlineData("gateway: { port: 70000 }", "gateway.port")]
    [InlineData("session: { reset: { atHour: 24 } }", "session.reset.atHour")]
    [InlineData("session: { reset: { mode: idle } }", "session.reset.idleMinutes")]
    [InlineData("session: { namedSessionsEnabled: maybe }", "session.namedSessionsEnabled")]
    [InlineData("gateway: { auth: { mode: password } }", "gateway.auth.mode")]
    [InlineData("model: { provider: skynet }", "model.provider")]
    [InlineData("sesion: { listPageSize: 5 }", "sesion")]
    [InlineData("session: { trashDays: -1 }", "session.trashDays")]
    [InlineData("session: { trashDays: soon }", "session.trashDays")]
    [InlineData("gateway: { prot: 5 }", "gateway.prot")]
    [InlineData("gateway: [", "not valid YAML")]
    public void InvalidValue_NamesTheKey(string yaml, string key)
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), yaml);

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.Path, environment: []));

        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidEnvironmentValue_NamesTheKey()
    {
        using var dir = new TempDir();

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.Path, environment: [new("CAIRN_GATEWAY__PORT", "abc")]));

        Assert.Contains("gateway.port", ex.Message, StringComparison.Ordinal);
    }
}
