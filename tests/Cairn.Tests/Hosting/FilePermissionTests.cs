using Cairn.Protocol;
using Cairn.Tests.Observability;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Hosting;

/// <summary>The data dir is its owner's alone: the folder 0700, every file in it 0600, also ones an older version left open.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class FilePermissionTests
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task AnExisting0755DataDir_IsMadePrivate_AndTheDatabaseAndItsWalAreCreated0600()
    {
        using var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        await using (var gw = await TestGateway.StartAsync(dataDir: dir.Path))
        {
            await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("a secret", SessionKey: "main", Wait: true));

            Assert.True(File.Exists(Path.Combine(dir.Path, "cairn.db-wal")));
            AssertPrivate(dir.Path);
        }
    }

    [Fact]
    public async Task FilesAnOlderVersionLeftReadable_AreMade0600AtStart_WithALogLine()
    {
        using var dir = new TempDir();
        await using (await TestGateway.StartAsync(dataDir: dir.Path))
        {
        }

        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        foreach (var file in Directory.GetFiles(dir.Path))
        {
            File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        }

        var logs = new CapturingLoggerProvider();
        await using (await TestGateway.StartAsync(dataDir: dir.Path, services: s => s.AddSingleton<ILoggerProvider>(logs)))
        {
            AssertPrivate(dir.Path);
        }

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("cairn.db", StringComparison.Ordinal)
            && e.Message.Contains("0600", StringComparison.Ordinal));
    }

    private static void AssertPrivate(string dir)
    {
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(dir) & GroupOrOther);
        var files = Directory.GetFiles(dir);
        Assert.Contains(Path.Combine(dir, "cairn.db"), files);
        Assert.All(files, f => Assert.True((File.GetUnixFileMode(f) & GroupOrOther) == 0, $"{Path.GetFileName(f)} is {File.GetUnixFileMode(f)}"));
    }
}
