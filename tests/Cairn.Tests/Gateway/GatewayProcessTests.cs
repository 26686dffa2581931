using Cairn.Protocol;
using Cairn.Tests.Cli;
using Cairn.Tests.Support;

namespace Cairn.Tests.Gateway;

/// <summary>The real <c>cairn gateway run</c> process: restarts, the data-dir lock, bad config.</summary>
public sealed class GatewayProcessTests
{
    [Fact]
    public async Task PersistentSession_SurvivesProcessStopAndStart()
    {
        using var dir = new TempDir();
        await using (var first = await GatewayProcess.StartAsync(dir.Path))
        {
            var created = await first.Api.RequestAsync<SessionsCreateResult>("sessions.create", new { label = "Work Session", description = "desk", persistent = true });
            Assert.True(created.Ok, created.ToString());
            Assert.Contains("Open:", first.Output, StringComparison.Ordinal);
            Assert.Contains("cairn gateway url", first.Output, StringComparison.Ordinal); // not a terminal: no token (TokenBannerTests)
            await first.StopAsync();
            Assert.Equal(0, first.ExitCode);
        }

        await using var second = await GatewayProcess.StartAsync(dir.Path);
        var entry = (await second.Api.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams("work-session"))).Result.Entry;
        Assert.Equal("Work Session", entry.Label);
        Assert.Equal("desk", entry.Description);
        Assert.True(entry.Persistent);
        Assert.True(entry.UserCreated);
        Assert.Equal(ErrorCode.SessionPersistent, (await second.Api.RequestAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("work-session"))).Error?.Code);
    }

    [Fact]
    public async Task SecondGateway_OnSameDataDir_RefusesToStart_AndLockIsFreedOnKill()
    {
        using var dir = new TempDir();
        await using var first = await GatewayProcess.StartAsync(dir.Path);

        var (code, output) = await CairnCli.RunToEndAsync("gateway", "run", "--port", "0", "--data-dir", dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("Another gateway is already running", output, StringComparison.Ordinal);

        await first.KillAsync();
        await using var again = await GatewayProcess.StartAsync(dir.Path);
        Assert.False(again.HasExited);
    }

    [Fact]
    public async Task InvalidConfig_StopsStartup_NamingTheKey()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "config.yaml"), "gateway:\n  port: lots\nsession:\n  reset:\n    mode: weekly\n");

        var (code, output) = await CairnCli.RunToEndAsync("gateway", "run", "--data-dir", dir.Path);

        Assert.Equal(2, code);
        Assert.Contains("gateway.port", output, StringComparison.Ordinal);
        Assert.Contains("session.reset.mode", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_DescribesGatewayRun()
    {
        var (code, output) = await CairnCli.RunToEndAsync("gateway", "run", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--data-dir", output, StringComparison.Ordinal);
        Assert.Contains("--port", output, StringComparison.Ordinal);
    }
}
