using System.Diagnostics;
using System.Text.Json;
using Cairn.Config;
using Cairn.Gateway;
using Cairn.Tests.Support;

namespace Cairn.Tests.Hosting;

/// <summary>Start-up as a user meets it: the URL file clients read, JSON logs (failures: StartFailureTests).</summary>
public sealed class GatewayStartTests
{
    [Fact]
    public async Task UrlFile_HoldsTheListeningAddress_WhileTheGatewayRuns()
    {
        using var dir = new TempDir();
        var gw = await TestGateway.StartAsync(dataDir: dir.Path);
        var url = UrlFile.TryRead(dir.Path);

        Assert.Equal(gw.Host.Address, url);
        Assert.NotEqual(0, url!.Port);

        await gw.DisposeAsync();
        Assert.False(File.Exists(UrlFile.PathIn(dir.Path)));
        Assert.Null(UrlFile.TryRead(dir.Path));
    }

    [Theory]
    [InlineData("http://0.0.0.0:6000/", "http://127.0.0.1:6000/")]
    [InlineData("http://[::]:6000/", "http://[::1]:6000/")]
    [InlineData("http://192.168.1.5:6000/", "http://192.168.1.5:6000/")]
    public void UrlFile_PointsClientsAtLoopback_ForAWildcardBind(string listening, string client) =>
        Assert.Equal(new Uri(client), UrlFile.ClientUrl(new Uri(listening)));

    [Fact]
    public async Task JsonLogFormat_WritesOneJsonObjectPerLine_WithTheRequestsSessionKey()
    {
        using var dir = new TempDir();
        var info = GatewayProcess.CairnCommand("gateway", "run", "--port", "0", "--data-dir", dir.Path, "--log-format", "json");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var url = await WaitForUrlAsync(dir.Path, process);
            using var http = new HttpClient { BaseAddress = url };
            http.DefaultRequestHeaders.Authorization = new("Bearer", TokenFile.TryRead(dir.Path));
            using var body = new StringContent("""{"method":"sessions.create","params":{"label":"Log Me"}}""", System.Text.Encoding.UTF8, "application/json");
            (await http.PostAsync(new Uri("/api", UriKind.Relative), body)).EnsureSuccessStatusCode();
        }
        finally
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync();
        }

        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(entries, e => Assert.True(e.TryGetProperty("LogLevel", out _) && e.TryGetProperty("Category", out _), e.ToString()));
        var request = Assert.Single(entries, e => e.GetProperty("Category").GetString() == "Cairn.Protocol.RequestLogFilter");
        var state = request.GetProperty("State");
        Assert.Equal("sessions.create", state.GetProperty("Method").GetString());
        Assert.Equal("log-me", state.GetProperty("SessionKey").GetString());
        Assert.Equal("OK", state.GetProperty("Outcome").GetString());
        Assert.True(state.TryGetProperty("ElapsedMs", out _));
        Assert.Contains(entries, e => e.GetProperty("Message").GetString()!.Contains("gateway listening on http://127.0.0.1:", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(TokenFile.TryRead(dir.Path)!, StringComparison.Ordinal));
        Assert.Equal("", (await stderr).Trim());
    }

    [Fact]
    public void LogSettings_ComeFromConfig_PerCategory()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, ConfigLoader.FileName),
            "gateway:\n  logFormat: json\n  logLevels:\n    Cairn.Chat: Debug\n    Microsoft.AspNetCore: Information\n  openai:\n    enabled: true\n");

        var gateway = ConfigLoader.Load(dir.Path, environment: []).Gateway;

        Assert.Equal(LogFormat.Json, gateway.LogFormat);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, gateway.LogLevels["Cairn.Chat"]);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, gateway.LogLevels["Microsoft.AspNetCore"]);
        Assert.True(gateway.OpenAi.Enabled);
        Assert.False(CairnConfig.Default.Gateway.OpenAi.Enabled);
    }

    [Fact]
    public void BadLogLevelOfACategory_NamesItsKey()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, ConfigLoader.FileName), "gateway:\n  logLevels:\n    Cairn.Chat: loud\n");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.Path, environment: []));

        Assert.Contains("gateway.logLevels.Cairn.Chat", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Uri> WaitForUrlAsync(string dataDir, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (UrlFile.TryRead(dataDir) is { } url)
            {
                return url;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("the gateway did not write gateway.url");
    }
}
