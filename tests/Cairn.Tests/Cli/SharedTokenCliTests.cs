using Cairn.Tests.Support;

namespace Cairn.Tests.Cli;

/// <summary>
/// A client command without <c>--token</c> sends the token the gateway of its data dir accepts, found the way the gateway
/// finds it: the fleet's shared <c>gateway.token</c> (config.yaml or <c>CAIRN_GATEWAY__TOKEN</c>) or <c>gateway.tokenFile</c>,
/// else the data dir's own file.
/// </summary>
public sealed class SharedTokenCliTests
{
    private const string Shared = "fleet-token-for-the-cli-0123456789";

    [Fact]
    public async Task NoTokenOption_TheSharedTokenFromEnvironmentConfigOrTokenFile_IsSent()
    {
        await using var gateway = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { Token = Shared } });
        using var clientDir = new TempDir();
        var url = gateway.Host.Address.ToString();

        // Nothing says the shared token: the data dir has no token file of its own either, so the gateway refuses.
        var without = await CairnCli.RunRawAsync(null, "sessions", "list", "--json", "--url", url, "--data-dir", clientDir.Path);
        Assert.Equal(1, without.Code);
        Assert.StartsWith("error UNAUTHORIZED: ", without.Stderr, StringComparison.Ordinal);

        var fromEnvironment = await CairnCli.RunRawAsync(null, new Dictionary<string, string> { ["CAIRN_GATEWAY__TOKEN"] = Shared },
            "sessions", "list", "--json", "--url", url, "--data-dir", clientDir.Path);
        Assert.True(fromEnvironment.Code == 0, fromEnvironment.ToString());
        Assert.Contains("\"main\"", fromEnvironment.Stdout, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(clientDir.Path, "config.yaml"), $"gateway:\n  token: {Shared}\n");
        var fromConfig = await CairnCli.RunRawAsync(null, "sessions", "list", "--json", "--url", url, "--data-dir", clientDir.Path);
        Assert.True(fromConfig.Code == 0, fromConfig.ToString());

        var secret = Path.Combine(clientDir.Path, "fleet.secret");
        await File.WriteAllTextAsync(secret, Shared + "\n");
        await File.WriteAllTextAsync(Path.Combine(clientDir.Path, "config.yaml"), $"gateway:\n  tokenFile: {secret}\n");
        var fromFile = await CairnCli.RunRawAsync(null, "sessions", "list", "--json", "--url", url, "--data-dir", clientDir.Path);
        Assert.True(fromFile.Code == 0, fromFile.ToString());
    }
}
