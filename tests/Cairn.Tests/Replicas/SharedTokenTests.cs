using System.Net.Http.Headers;
using Cairn.Config;
using Cairn.Gateway;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Replicas;

/// <summary><c>gateway.token</c> / <c>gateway.tokenFile</c>: one token that every replica accepts instead of its data dir's own.</summary>
public sealed class SharedTokenTests
{
    private const string Shared = "fleet-token-0123456789abcdef";

    [Fact]
    public async Task TwoGateways_WithTheSharedToken_AcceptIt_AndMakeNoTokenOfTheirOwn()
    {
        await using var a = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { Token = Shared } });
        using var secretDir = new TempDir();
        var file = Path.Combine(secretDir.Path, "token");
        await File.WriteAllTextAsync(file, Shared + "\n");
        await using var b = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { TokenFile = file } });

        foreach (var gw in new[] { a, b })
        {
            Assert.Equal(Shared, gw.Token);
            Assert.False(File.Exists(TokenFile.PathIn(gw.DataDir)));
            var ok = await ListWithAsync(gw, Shared);
            Assert.Contains(ok.Value!.Sessions, s => s.Key == "main");
            var refused = await ListWithAsync(gw, "fleet-token-0123456789abcdeX");
            Assert.Equal(ErrorCode.Unauthorized, refused.Error?.Code);
        }
    }

    private static async Task<RpcReply<SessionsListResult>> ListWithAsync(TestGateway gw, string token)
    {
        var http = new HttpClient { BaseAddress = gw.Host.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var api = new CairnHttpClient(http, ownsHttp: true);
        return await api.RequestAsync<SessionsListResult>("sessions.list", new SessionsListParams());
    }

    [Fact]
    public void Config_TokenFromEnvironment_IsRead_AShortOneOrBothSources_AreRefusedNamingTheKey()
    {
        using var dir = new TempDir();
        var fromEnv = ConfigLoader.Load(dir.Path, environment: [new("CAIRN_GATEWAY__TOKEN", Shared)]);
        Assert.Equal(Shared, fromEnv.Gateway.Token);

        var tooShort = Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.Path, environment: [new("CAIRN_GATEWAY__TOKEN", "short")]));
        Assert.Contains("'gateway.token'", tooShort.Message, StringComparison.Ordinal);

        var both = Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.Path,
            environment: [new("CAIRN_GATEWAY__TOKEN", Shared), new("CAIRN_GATEWAY__TOKENFILE", "/run/secrets/cairn")]));
        Assert.Contains("'gateway.tokenFile'", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenFile_MissingOrEmpty_RefusesToStartNamingTheKey()
    {
        using var dir = new TempDir();
        var missing = await Assert.ThrowsAsync<GatewayStartException>(() =>
            TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { TokenFile = Path.Combine(dir.Path, "nope") } }));
        Assert.Contains("gateway.tokenFile", missing.Message, StringComparison.Ordinal);

        var empty = Path.Combine(dir.Path, "empty");
        await File.WriteAllTextAsync(empty, "\n");
        var blank = await Assert.ThrowsAsync<GatewayStartException>(() =>
            TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { TokenFile = empty } }));
        Assert.Contains("gateway.tokenFile", blank.Message, StringComparison.Ordinal);
    }
}
