using System.Text.Json;
using Cairn.Cli;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Cli;

public sealed class StatusCliTests
{
    [Fact]
    public async Task Status_ShowsVersionProviderAndSessionCounts()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Home"));

        var text = await CairnCli.RunAsync(gateway, "status");
        var json = await CairnCli.RunAsync(gateway, "status", "--json");

        Assert.True(text.Code == 0, text.ToString());
        Assert.Contains("Gateway:        reachable at http://127.0.0.1:", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Version:        0.1.0 (protocol 1)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Provider:       echo echo-1  reachable (offline", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Named sessions: on", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Sessions:       3 (2 persistent, 1 temporary)", text.Stdout, StringComparison.Ordinal);
        var status = JsonSerializer.Deserialize<StatusReport>(json.Stdout, ProtocolJson.Options)!;
        Assert.True(status.Reachable);
        Assert.Equal("echo", status.Provider.Name);
        Assert.Equal("ok", status.ProviderHealth!.State);
        Assert.Equal(3, status.Sessions["total"]);
        Assert.Equal(2, status.Sessions["persistent"]);
        Assert.Equal(TestStore.IsPostgres ? Cairn.Store.PostgresMigrations.Latest : Cairn.Store.Migrations.Latest, status.SchemaVersion);
    }

    [Fact]
    public async Task Status_ProviderDown_ShowsItUnreachableWithTheReason_AndStillExitsZero()
    {
        await using var gateway = await Observability.ProviderHealthzTests.StartAsync(await Observability.ProviderHealthzTests.DownServerUrlAsync());

        var text = await CairnCli.RunAsync(gateway, "status");
        var json = await CairnCli.RunAsync(gateway, "status", "--json");

        Assert.True(text.Code == 0, text.ToString());
        Assert.Contains("Provider:       openai fake-model  unreachable — unavailable: Could not reach the model provider", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, json.Code);
        var status = JsonSerializer.Deserialize<StatusReport>(json.Stdout, ProtocolJson.Options)!;
        Assert.Equal("degraded", status.ProviderHealth!.State);
        Assert.Equal("unavailable", status.ProviderHealth.Reason);
    }

    [Fact]
    public async Task Status_ProviderAnswering_ShowsItReachable()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.ModelsBody = """{"object":"list","data":[{"id":"fake-model","object":"model"}]}""";
        await using var gateway = await Observability.ProviderHealthzTests.StartAsync(fake.BaseUrl);

        var text = await CairnCli.RunAsync(gateway, "status");

        Assert.True(text.Code == 0, text.ToString());
        Assert.Contains("Provider:       openai fake-model  reachable", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, fake.ModelsRequests);
    }

    [Fact]
    public async Task Status_NamedSessionsOff_IsShown()
    {
        await using var gateway = await TestGateway.StartAsync(c => c with { Session = c.Session with { NamedSessionsEnabled = false } });

        var result = await CairnCli.RunAsync(gateway, "status");

        Assert.Contains("Named sessions: off", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoGateway_ExitsWithThree()
    {
        var result = await CairnCli.RunRawAsync(null, "status", "--url", "http://127.0.0.1:1", "--token", "x");

        Assert.Equal(3, result.Code);
        Assert.StartsWith("error UNAVAILABLE:", result.Stderr, StringComparison.Ordinal);
    }
}
