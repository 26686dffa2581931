// The artefacts under test are built for linux-x64.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Cairn.Release.Tests;

/// <summary>
/// Each artefact installed into an empty temp dir and used: <c>cairn gateway run</c>, a create and a chat with the
/// installed CLI, the web UI served from inside the binary.
/// </summary>
public sealed class InstallTests
{
    [Fact]
    public async Task SingleFileBinary_AloneInADir_RunsTheGateway_CreatesAndChats()
    {
        var root = ReleaseArtifacts.NewTempDir();
        var bin = Path.Combine(root, "bin");
        Directory.CreateDirectory(bin);
        var cairn = Path.Combine(bin, "cairn");
        File.Copy(ReleaseArtifacts.Require(ReleaseArtifacts.SingleFile), cairn);
        File.SetUnixFileMode(cairn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Self-contained: no .NET on the path, none at DOTNET_ROOT.
        await using var installed = new Installed(cairn, root, new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/sbin:/usr/sbin:/sbin:/bin",
            ["DOTNET_ROOT"] = Path.Combine(root, "no-dotnet-here"),
        });

        await UseAsync(installed);

        Assert.Equal(["cairn"], Directory.GetFileSystemEntries(bin).Select(Path.GetFileName));
    }

    [Fact]
    public async Task DotnetTool_InstalledFromArtifacts_RunsTheGateway_CreatesAndChats()
    {
        var root = ReleaseArtifacts.NewTempDir();
        var package = Directory.GetFiles(ReleaseArtifacts.Require(ReleaseArtifacts.Dir), "cairn.*.nupkg").Single();
        var version = Path.GetFileNameWithoutExtension(package)["cairn.".Length..];
        // Only the artefacts folder as a source, so the test neither needs nor reaches a package feed.
        var config = Path.Combine(root, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="artifacts" value="{ReleaseArtifacts.Dir}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(root, "tools");

        var (code, output) = await ReleaseArtifacts.RunAsync("dotnet", root, "tool", "install", "cairn", "--tool-path", tools,
            "--version", version, "--configfile", config);
        Assert.True(code == 0, output);

        await using var installed = new Installed(Path.Combine(tools, "cairn"), root);
        await UseAsync(installed);
    }

    /// <summary>What a new user does first: start it, open the UI, create a session and chat in it.</summary>
    private static async Task UseAsync(Installed cairn)
    {
        var (versionCode, version) = await cairn.RunAsync(null, "--version");
        Assert.True(versionCode == 0, version);

        // The gateway picks a free port; the client commands find it through the data dir (CAIRN_HOME), no --url.
        var gateway = await cairn.StartGatewayAsync();

        using (var http = new HttpClient { BaseAddress = gateway })
        {
            var page = await http.GetStringAsync(new Uri("/chat", UriKind.Relative));
            Assert.Contains("<cairn-app>", page, StringComparison.Ordinal);
        }

        var (created, createOutput) = await cairn.RunAsync(null, "sessions", "create", "Release Check");
        Assert.True(created == 0, createOutput);
        Assert.Contains("Created 'Release Check' (release-check), persistent.", createOutput, StringComparison.Ordinal);

        var (chatted, chatOutput) = await cairn.RunAsync("hello from the release\n", "chat", "--session", "release-check");
        Assert.True(chatted == 0, chatOutput);
        Assert.Contains("Echo: hello from the release", chatOutput, StringComparison.Ordinal);

        var entry = (await cairn.CallAsync(gateway, "sessions.get", new { key = "release-check" })).GetProperty("result").GetProperty("entry");
        Assert.Equal(2, entry.GetProperty("messageCount").GetInt32());
    }
}
