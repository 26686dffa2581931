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
        Assert.Contains("Provider:       echo echo-1 (offline", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Named sessions: on", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Sessions:       3 (2 persistent, 1 temporary)", text.Stdout, StringComparison.Ordinal);
        var status = JsonSerializer.Deserialize<StatusReport>(json.Stdout, ProtocolJson.Options)!;
        Assert.True(status.Reachable);
        Assert.Equal("echo", status.Provider.Name);
        Assert.Equal(3, status.Sessions["total"]);
        Assert.Equal(2, status.Sessions["persistent"]);
        Assert.Equal(Cairn.Store.Migrations.Latest, status.SchemaVersion);
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
