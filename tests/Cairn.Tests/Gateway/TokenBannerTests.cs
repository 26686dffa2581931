using Cairn.Tests.Cli;
using Cairn.Tests.Support;

namespace Cairn.Tests.Gateway;

/// <summary>
/// The start-up banner prints the token only on an interactive terminal: a service's stdout lands in its log.
/// <c>cairn gateway url</c> prints the UI address with the token for whoever may read the data dir.
/// </summary>
public sealed class TokenBannerTests
{
    [Fact]
    public async Task ABannerToAPipeOrLog_CarriesNoToken_AndSaysHowToGetTheUrl_WhichGatewayUrlPrints()
    {
        using var dir = new TempDir();
        await using var gateway = await GatewayProcess.StartAsync(dir.Path);
        var token = (await File.ReadAllTextAsync(Path.Combine(dir.Path, "gateway.token"))).Trim();

        var (code, output) = await CairnCli.RunToEndAsync("gateway", "url", "--data-dir", dir.Path);

        Assert.DoesNotContain(token, gateway.Output, StringComparison.Ordinal);
        Assert.Contains("cairn gateway url", gateway.Output, StringComparison.Ordinal);
        Assert.Equal(0, code);
        Assert.Equal($"{gateway.Address.ToString().TrimEnd('/')}/#token={token}", output.Trim());
    }

    [Fact]
    public async Task GatewayUrl_WithNoGatewayRunning_SaysSo_WithExitCode1()
    {
        using var dir = new TempDir();

        var (code, output) = await CairnCli.RunToEndAsync("gateway", "url", "--data-dir", dir.Path);

        Assert.Equal(1, code);
        Assert.Contains("No gateway is running", output, StringComparison.Ordinal);
    }
}
