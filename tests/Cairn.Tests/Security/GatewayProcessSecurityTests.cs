using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Security;

/// <summary>The real <c>cairn gateway run</c>: refusing to expose itself unprotected, and keeping tokens out of its log.</summary>
public sealed class GatewayProcessSecurityTests
{
    [Fact]
    public async Task BindToAllInterfaces_WithoutAllowedOrigins_ExitsNonZero_WithAClearMessage()
    {
        using var dir = new TempDir();

        var (code, output) = await RunToEndAsync(dir.Path, [], "--bind", "0.0.0.0");

        Assert.Equal(1, code);
        Assert.Contains("Refusing to bind to 0.0.0.0", output, StringComparison.Ordinal);
        Assert.Contains("gateway.allowedOrigins is empty", output, StringComparison.Ordinal);
        Assert.Contains("CAIRN_GATEWAY__ALLOWEDORIGINS", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Listening:", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "gateway.token")));
    }

    [Fact]
    public async Task BindToAllInterfaces_WithAuthNone_ExitsNonZero_EvenWithAllowedOrigins()
    {
        using var dir = new TempDir();

        var (code, output) = await RunToEndAsync(dir.Path,
            [("CAIRN_GATEWAY__AUTH__MODE", "none"), ("CAIRN_GATEWAY__ALLOWEDORIGINS", "http://my-host:5004")], "--bind", "0.0.0.0");

        Assert.Equal(1, code);
        Assert.Contains("gateway.auth.mode is none", output, StringComparison.Ordinal);
        Assert.DoesNotContain("allowedOrigins is", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Listening:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BindToIPv6Any_WithWildcardOrigin_ExitsNonZero()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "config.yaml"), "gateway:\n  bind: \"::\"\n  allowedOrigins: [\"*\"]\n");

        var (code, output) = await RunToEndAsync(dir.Path, []);

        Assert.Equal(1, code);
        Assert.Contains("gateway.allowedOrigins is *", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongTokens_AreNotWrittenToTheLog_AndTheRealOneOnlyToTheBanner()
    {
        using var dir = new TempDir();
        await using var gateway = await GatewayProcess.StartAsync(dir.Path, 0, "--log-level", "Trace");
        var token = (await File.ReadAllTextAsync(Path.Combine(dir.Path, "gateway.token"))).Trim();
        using var http = new HttpClient { BaseAddress = gateway.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess-5f1d3c");
        using var content = new StringContent("""{"method":"sessions.list"}""", Encoding.UTF8, "application/json");
        using var refused = await http.PostAsync(new Uri("/api", UriKind.Relative), content);
        await using (var ws = await Rpc.WsAsync(gateway.Address, token))
        {
            await ws.CallAsync<SessionsListResult>("sessions.list");
        }

        await gateway.StopAsync();

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Refused /api", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("guess-5f1d3c", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, gateway.Output, StringComparison.Ordinal); // stdout is not a terminal here: no banner token either
    }

    private static async Task<(int Code, string Output)> RunToEndAsync(string dataDir, (string Name, string Value)[] environment, params string[] extra)
    {
        var info = GatewayProcess.CairnCommand(["gateway", "run", "--port", "0", "--data-dir", dataDir, .. extra]);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
