using System.Net;
using System.Net.Sockets;
using Cairn.Gateway;
using Cairn.Tests.Support;

namespace Cairn.Tests.Cli;

/// <summary>Client commands find their gateway through the <c>gateway.url</c> it writes into its data dir.</summary>
public sealed class FindGatewayCliTests
{
    [Fact]
    public async Task Status_WithOnlyTheDataDir_FindsAGatewayOnAnyPort()
    {
        using var dir = new TempDir();
        await using var gateway = await TestGateway.StartAsync(dataDir: dir.Path);
        Assert.NotEqual(5004, gateway.Host.Address.Port);

        var status = await CairnCli.RunRawAsync(null, "status", "--data-dir", dir.Path);
        var created = await CairnCli.RunRawAsync(null, "sessions", "create", "Found It", "--data-dir", dir.Path);

        Assert.True(status.Code == 0, status.ToString());
        Assert.Contains($"reachable at {gateway.Host.Address.ToString().TrimEnd('/')}", status.Stdout, StringComparison.Ordinal);
        Assert.True(created.Code == 0, created.ToString());
        Assert.Contains("Created 'Found It' (found-it)", created.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplicitUrl_WinsOverTheFile()
    {
        using var dir = new TempDir();
        await using var gateway = await TestGateway.StartAsync(dataDir: dir.Path);
        var closed = ClosedPort();

        var result = await CairnCli.RunRawAsync(null, "status", "--data-dir", dir.Path, "--url", $"http://127.0.0.1:{closed}");

        Assert.Equal(3, result.Code);
        Assert.Contains($"Cannot reach the gateway at http://127.0.0.1:{closed}/", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("pass --url", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeftoverFile_OfAKilledGateway_IsNamedInTheError()
    {
        using var dir = new TempDir();
        var closed = ClosedPort();
        await File.WriteAllTextAsync(UrlFile.PathIn(dir.Path), $"http://127.0.0.1:{closed}\n");

        var result = await CairnCli.RunRawAsync(null, "sessions", "list", "--data-dir", dir.Path);

        Assert.Equal(3, result.Code);
        Assert.Contains($"Cannot reach the gateway at http://127.0.0.1:{closed}/", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"That address is from {UrlFile.PathIn(dir.Path)}, left by a gateway that did not stop cleanly", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on (taken and released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
