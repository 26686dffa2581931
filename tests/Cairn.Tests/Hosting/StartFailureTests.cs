using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Cairn.Gateway;
using Cairn.Hosting;
using Cairn.Store;
using Cairn.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Cairn.Tests.Hosting;

/// <summary>
/// <c>cairn gateway run</c> as a real process meeting a data dir it cannot use: one line naming the cause and the
/// fix (never a stack trace, never "another gateway is running" for a read-only dir), the documented exit code, and
/// the database byte for byte as it was.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class StartFailureTests
{
    [Fact]
    public async Task AFileThatIsNotASqliteDatabase_IsOneLine_Exit5_AndIsLeftAsItWas()
    {
        using var dir = new TempDir();
        var db = Path.Combine(dir.Path, CairnDatabase.FileName);
        await File.WriteAllBytesAsync(db, RandomNumberGenerator.GetBytes(8192));
        var before = Hash(db);

        var (code, line) = await RunAsync(dir.Path);

        Assert.Equal(GatewayExitCodes.DamagedStore, code);
        Assert.StartsWith($"cairn: The database {db} is not a SQLite database", line, StringComparison.Ordinal);
        Assert.Contains("backup", line, StringComparison.Ordinal);
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public async Task AMalformedDatabase_IsOneLine_Exit5_NamingCairnDoctor_AndIsLeftAsItWas()
    {
        using var dir = new TempDir();
        var db = MakeStore(dir.Path);
        await using (var file = new FileStream(db, FileMode.Open, FileAccess.Write))
        {
            file.Position = 100; // page 1's b-tree, right after the file header: the schema can no longer be read
            await file.WriteAsync(Enumerable.Repeat((byte)0xFF, 200).ToArray());
        }

        var before = Hash(db);

        var (code, line) = await RunAsync(dir.Path);

        Assert.Equal(GatewayExitCodes.DamagedStore, code);
        Assert.StartsWith($"cairn: The database {db} is damaged (SQLite: database disk image is malformed)", line, StringComparison.Ordinal);
        Assert.Contains($"cairn doctor --data-dir {dir.Path}", line, StringComparison.Ordinal);
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public async Task ANewReadOnlyDataDir_IsNotWritable_Exit4_NotAnotherGatewayRunning()
    {
        using var parent = new TempDir();
        var dataDir = Path.Combine(parent.Path, "data");
        Directory.CreateDirectory(dataDir);

        var (code, line) = await Unprivileged.RunAsync(dataDir, readOnly: true);

        Assert.Equal(GatewayExitCodes.NotWritable, code);
        Assert.StartsWith($"cairn: Cannot write to the data dir {dataDir}: permission denied", line, StringComparison.Ordinal);
        Assert.Contains("writable by the user running the gateway", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Another gateway", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExistingDataDirMadeReadOnly_IsNotWritable_Exit4_AndTheStoreIsLeftAsItWas()
    {
        using var parent = new TempDir();
        var dataDir = Path.Combine(parent.Path, "data");
        var db = MakeStore(dataDir);
        var before = Hash(db);

        var (code, line) = await Unprivileged.RunAsync(dataDir, readOnly: true);

        Assert.Equal(GatewayExitCodes.NotWritable, code);
        Assert.StartsWith($"cairn: Cannot write to the data dir {dataDir}:", line, StringComparison.Ordinal);
        Assert.Equal(before, Hash(db));
    }

    /// <summary>
    /// No full disk can be made without root, so the process gets a file size limit (<c>ulimit -f</c>) smaller than
    /// SQLite's shared-memory file: its first write past the limit fails, as on a full disk.
    /// </summary>
    [Fact]
    public async Task AWriteTheDiskRefuses_IsOneLine_Exit6_AndTheStoreIsLeftAsItWas()
    {
        using var dir = new TempDir();
        var db = MakeStore(dir.Path);
        var before = Hash(db);

        var (code, output) = await ChildProcess.RunAsync("bash",
            ["-c", "trap '' XFSZ; ulimit -f 16; exec \"$@\"", "cairn", "dotnet", GatewayProcess.DefaultCairnDll, "gateway", "run", "--port", "0", "--data-dir", dir.Path],
            environment: new Dictionary<string, string> { ["DOTNET_EnableWriteXorExecute"] = "0" }); // the runtime's double-mapped code pages need a big file

        var line = SingleLine(output);
        Assert.Equal(GatewayExitCodes.DiskFailed, code);
        Assert.StartsWith($"cairn: Could not write to the disk holding the data dir {dir.Path}", line, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", line, StringComparison.Ordinal);
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public async Task APortInUse_IsOneLine_Exit3_AndTheStoreIsNotEvenCreated()
    {
        using var dir = new TempDir();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (code, line) = await RunAsync(dir.Path, "--port", port);

        Assert.Equal(GatewayExitCodes.CannotListen, code);
        Assert.StartsWith($"cairn: Cannot listen on 127.0.0.1:{port}: the port is already in use", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, CairnDatabase.FileName)));
    }

    [Fact]
    public async Task AnOpenAiProviderWithoutAKey_IsOneLine_Exit1_AndTheStoreIsNotEvenCreated()
    {
        using var dir = new TempDir();
        var info = GatewayProcess.CairnCommand("gateway", "run", "--port", "0", "--data-dir", dir.Path);
        info.Environment.Remove("OPENAI_API_KEY");
        info.Environment["CAIRN_MODEL__PROVIDER"] = "openai";
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(GatewayExitCodes.Refused, process.ExitCode);
        Assert.Equal("cairn: model.provider is openai but no API key is set: set model.apiKey or the OPENAI_API_KEY environment variable.",
            SingleLine(await output + await error));
        Assert.False(File.Exists(Path.Combine(dir.Path, CairnDatabase.FileName)));
    }

    [Fact]
    public async Task AListedOpenAiModelWithoutAKey_IsNamedByItsIndex_Exit1()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), """
            models:
              - { name: echo, provider: echo }
              - { name: hosted, provider: openai, model: gpt-4o }
            """);
        var info = GatewayProcess.CairnCommand("gateway", "run", "--port", "0", "--data-dir", dir.Path);
        info.Environment.Remove("OPENAI_API_KEY");
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(GatewayExitCodes.Refused, process.ExitCode);
        Assert.Equal("cairn: models.1.provider is openai but no API key is set: set models.1.apiKey or the OPENAI_API_KEY environment variable.",
            SingleLine(await output + await error));
    }

    [Fact]
    public async Task ADuplicateModelName_IsInvalidConfig_Exit2()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), "models:\n  - { name: a, provider: echo }\n  - { name: A, provider: echo }\n");

        var (code, output) = await ChildProcess.RunAsync("dotnet", [GatewayProcess.DefaultCairnDll, "gateway", "run", "--port", "0", "--data-dir", dir.Path]);

        Assert.Equal(GatewayExitCodes.InvalidConfig, code);
        Assert.Contains("config key 'models.1.name': 'A' is used twice (also models.0)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AFullDisk_IsNamedAsSuch_WhereverItIsMet()
    {
        var full = new[]
        {
            StartFailures.Explain(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13), "/data"),
            StartFailures.Explain(new IOException("No space left on device", 28), "/data"),
            StartFailures.Explain(new StoreUnavailableException(StoreUnavailableException.Full, "the disk is full", new IOException()), "/data"),
        };

        Assert.All(full, e =>
        {
            Assert.Equal(GatewayExitCodes.DiskFailed, e!.ExitCode);
            Assert.Equal("The disk holding the data dir /data is full; nothing was changed. Free some space on it and start again.", e.Message);
        });
        Assert.Equal(GatewayExitCodes.NotWritable, StartFailures.Explain(new IOException("Read-only file system", 30), "/data")!.ExitCode);
        Assert.Null(StartFailures.Explain(new InvalidOperationException("a bug"), "/data"));
    }

    private static async Task<(int Code, string Line)> RunAsync(string dataDir, params string[] extra)
    {
        var (code, output) = await ChildProcess.RunAsync("dotnet", [GatewayProcess.DefaultCairnDll, "gateway", "run", "--data-dir", dataDir, .. extra.Length == 0 ? ["--port", "0"] : extra]);
        return (code, SingleLine(output));
    }

    private static string SingleLine(string output) =>
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A data dir with a sound store at the latest schema, closed cleanly (no WAL left).</summary>
    private static string MakeStore(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var db = Path.Combine(dataDir, CairnDatabase.FileName);
        using (CairnDatabase.Open(db))
        {
        }

        SqliteConnection.ClearAllPools();
        return db;
    }

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
}
