using Cairn.Config;
using Cairn.Observability;
using Cairn.Protocol;
using Cairn.Tests.Support;
using Cairn.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Observability;

/// <summary>
/// /healthz and /metrics: open to loopback clients, token-only otherwise. Tests cannot open a non-loopback socket,
/// so the remote branch replaces <see cref="ProbeAccess.IsLocal"/> (the one test hook) with "never local"; the
/// proxy-header rule runs for real over loopback.
/// </summary>
public sealed class ProbeAccessTests
{
    public static TheoryData<string> Paths => ["/healthz", "/metrics"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Loopback_NeedsNoToken(string path)
    {
        await using var gw = await TestGateway.StartAsync();

        var (status, _, _) = await ObservabilityHelpers.GetAsync(gw, path);

        Assert.Equal(200, status);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Remote_WithoutToken_IsUnauthorized(string path)
    {
        await using var gw = await StartRemoteAsync();

        var (status, body, response) = await ObservabilityHelpers.GetAsync(gw, path);

        Assert.Equal(401, status);
        Assert.Equal(ErrorCode.Unauthorized, Security.SecurityHttp.Code(body!.Value));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Remote_WithWrongToken_IsUnauthorized(string path)
    {
        await using var gw = await StartRemoteAsync();

        var (status, _, _) = await ObservabilityHelpers.GetAsync(gw, path, token: "not-the-token");

        Assert.Equal(401, status);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Remote_WithToken_IsServed(string path)
    {
        await using var gw = await StartRemoteAsync();

        var (status, _, response) = await ObservabilityHelpers.GetAsync(gw, path, token: gw.Token);

        Assert.Equal(200, status);
        if (path == "/metrics")
        {
            Assert.Contains("cairn_sessions", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task LoopbackThroughAProxy_IsTreatedAsRemote(string path)
    {
        await using var gw = await TestGateway.StartAsync();

        var (withoutToken, _, _) = await ObservabilityHelpers.GetAsync(gw, path, forwardedFor: "203.0.113.9");
        var (withToken, _, _) = await ObservabilityHelpers.GetAsync(gw, path, token: gw.Token, forwardedFor: "203.0.113.9");

        Assert.Equal(401, withoutToken);
        Assert.Equal(200, withToken);
    }

    [Fact]
    public async Task AuthModeNone_LetsEveryoneIn_AsOnTheApi()
    {
        await using var gw = await StartRemoteAsync(c => c with { Gateway = c.Gateway with { Auth = AuthMode.None } });

        var (status, _, _) = await ObservabilityHelpers.GetAsync(gw, "/metrics");

        Assert.Equal(200, status);
    }

    private static Task<TestGateway> StartRemoteAsync(Func<CairnConfig, CairnConfig>? configure = null) =>
        TestGateway.StartAsync(configure, services: s =>
            s.AddSingleton(sp => new ProbeAccess(sp.GetRequiredService<GatewayAuth>()) { IsLocal = _ => false }));
}
