using Cairn.Tests.Support;

namespace Cairn.Tests.Deploy;

/// <summary><c>deploy/cairn.service</c>: systemd accepts it, and it keeps the hardening the docs promise.</summary>
public sealed class ServiceUnitTests
{
    private static readonly string Unit = RepoPaths.Of("deploy", "cairn.service");

    [Fact]
    public async Task SystemdAnalyzeVerify_AcceptsTheUnit_WithoutAWarning()
    {
        Assert.True(File.Exists("/usr/bin/systemd-analyze"), "systemd-analyze is needed for this test (Debian package systemd)");
        using var dir = new TempDir();
        // verify also checks that ExecStart's program exists: point it at the cairn built beside the tests.
        var cairn = Path.Combine(AppContext.BaseDirectory, "cairn");
        Assert.True(File.Exists(cairn), $"{cairn} is missing");
        var copy = Path.Combine(dir.Path, "cairn.service");
        await File.WriteAllTextAsync(copy, (await File.ReadAllTextAsync(Unit)).Replace("/usr/local/bin/cairn", cairn, StringComparison.Ordinal));

        var (code, output) = await ChildProcess.RunAsync("/usr/bin/systemd-analyze", ["verify", copy], dir.Path, timeout: TimeSpan.FromMinutes(1));

        Assert.True(code == 0, output);
        Assert.Equal("", output.Trim());
    }

    [Theory]
    [InlineData("ExecStart=/usr/local/bin/cairn gateway run --data-dir ${STATE_DIRECTORY} --log-format json")]
    [InlineData("DynamicUser=yes")]
    [InlineData("StateDirectory=cairn")]
    [InlineData("ProtectSystem=strict")]
    [InlineData("ProtectHome=yes")]
    [InlineData("NoNewPrivileges=yes")]
    [InlineData("Restart=on-failure")]
    [InlineData("RestartPreventExitStatus=2 4 5")]
    [InlineData("CapabilityBoundingSet=")]
    public void Unit_IsHardened(string line) =>
        Assert.Contains(line, File.ReadAllLines(Unit));
}
