using System.Text.Json;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Cli;

/// <summary><c>cairn sessions …</c> as child processes against a running gateway: text, --json, exit codes.</summary>
public sealed class SessionsCliTests
{
    [Fact]
    public async Task Create_ThenList_ShowsAnAlignedTable()
    {
        await using var gateway = await TestGateway.StartAsync();
        gateway.Clock.Advance(TimeSpan.FromMinutes(1));

        var work = await CairnCli.RunAsync(gateway, "sessions", "create", "Work Session", "--description", "desk work");
        gateway.Clock.Advance(TimeSpan.FromMinutes(1));
        var cafe = await CairnCli.RunAsync(gateway, "sessions", "create", "Café ☕", "--temporary");
        var list = await CairnCli.RunAsync(gateway, "sessions", "list");

        Assert.Equal(0, work.Code);
        Assert.Equal("Created 'Work Session' (work-session), persistent.\n", work.Stdout);
        Assert.Equal("Created 'Café ☕' (cafe), temporary.\n", cafe.Stdout);
        Assert.Equal(0, list.Code);
        var lines = list.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.Matches("^KEY +LABEL +PERSISTENT +KIND +MESSAGES +UPDATED +TAGS$", lines[0]);
        Assert.StartsWith("cafe          Café ☕       no          named  0 ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("work-session  Work Session  yes         named  0 ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("main          Main          no          main   0 ", lines[3], StringComparison.Ordinal);
        Assert.Equal("3 of 3 sessions.", lines[4]);
        Assert.DoesNotContain("\e[", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_Filters_AndAllFollowsEveryPage()
    {
        await using var gateway = await TestGateway.StartAsync();
        foreach (var label in new[] { "One", "Two", "Three" })
        {
            gateway.Clock.Advance(TimeSpan.FromSeconds(1));
            await gateway.CallAsync<SessionsCreateResult>("sessions.create", new { label, persistent = label != "Two" });
        }

        var page = await CairnCli.RunAsync(gateway, "sessions", "list", "--limit", "2", "--json");
        var all = await CairnCli.RunAsync(gateway, "sessions", "list", "--limit", "1", "--all", "--json");
        var temporary = await CairnCli.RunAsync(gateway, "sessions", "list", "--temporary", "--search", "t", "--json");
        var more = await CairnCli.RunAsync(gateway, "sessions", "list", "--limit", "2");

        var first = Read<SessionsListResult>(page);
        Assert.Equal(["three", "two"], Keys(first));
        Assert.Equal(4, first.Total);
        Assert.NotNull(first.NextCursor);
        var everything = Read<SessionsListResult>(all);
        Assert.Equal(["three", "two", "one", "main"], Keys(everything));
        Assert.DoesNotContain("nextCursor", all.Stdout, StringComparison.Ordinal);
        Assert.Equal(["two"], Keys(Read<SessionsListResult>(temporary)));
        Assert.Contains("2 of 4 sessions. More: add --all, or --cursor ", more.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Rename_Persist_Reset_Delete()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new { label = "Scratch", description = "throwaway", persistent = false });

        var get = await CairnCli.RunAsync(gateway, "sessions", "get", "scratch");
        var rename = await CairnCli.RunAsync(gateway, "sessions", "rename", "scratch", "Scratch Pad");
        var reset = await CairnCli.RunAsync(gateway, "sessions", "reset", "scratch");
        var persist = await CairnCli.RunAsync(gateway, "sessions", "persist", "scratch", "on");
        var refused = await CairnCli.RunAsync(gateway, "sessions", "reset", "scratch");
        var delete = await CairnCli.RunAsync(gateway, "sessions", "delete", "scratch", "--yes");

        Assert.Contains("Key:          scratch\n", get.Stdout, StringComparison.Ordinal);
        Assert.Contains("Description:  throwaway\n", get.Stdout, StringComparison.Ordinal);
        Assert.Contains("Persistent:   no\n", get.Stdout, StringComparison.Ordinal);
        Assert.Equal("Renamed scratch to 'Scratch Pad'.\n", rename.Stdout);
        Assert.StartsWith("Reset 'Scratch Pad' (scratch): new conversation ", reset.Stdout, StringComparison.Ordinal);
        Assert.Equal("'Scratch Pad' (scratch) is now persistent: no reset will clear it.\n", persist.Stdout);
        Assert.Equal(1, refused.Code);
        Assert.StartsWith("error SESSION_PERSISTENT: 'Scratch Pad' is persistent", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("cairn sessions persist scratch off", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("", refused.Stdout);
        Assert.Equal(0, delete.Code);
        Assert.StartsWith("Moved 'Scratch Pad' (scratch) to the trash with its 0 messages.\nRestore it with: cairn sessions restore scratch (until ", delete.Stdout, StringComparison.Ordinal);
        Assert.Null(gateway.Service<Cairn.Store.SessionStore>().Get("scratch"));
        Assert.NotNull(gateway.Service<Cairn.Store.SessionStore>().GetAny("scratch"));
    }

    [Fact]
    public async Task Json_GivesTheGatewayResult()
    {
        await using var gateway = await TestGateway.StartAsync();

        var created = await CairnCli.RunAsync(gateway, "sessions", "create", "Notes", "--json");
        var got = await CairnCli.RunAsync(gateway, "sessions", "get", "notes", "--json");

        var result = Read<SessionsCreateResult>(created);
        Assert.Equal("notes", result.Key);
        Assert.True(result.Entry.Persistent);
        Assert.Equal("Notes", Read<SessionEntryResult>(got).Entry.Label);
    }

    [Fact]
    public async Task Failures_PrintTheErrorCode_AndExitNonZero()
    {
        await using var gateway = await TestGateway.StartAsync();

        var missing = await CairnCli.RunAsync(gateway, "sessions", "get", "nowhere");
        var main = await CairnCli.RunAsync(gateway, "sessions", "delete", "main", "--yes");
        var taken = await CairnCli.RunAsync(gateway, "sessions", "create", "main");
        var unconfirmed = await CairnCli.RunAsync(gateway, "sessions", "purge", "main");
        var badToken = await CairnCli.RunRawAsync(null, "sessions", "list", "--url", gateway.Host.Address.ToString(), "--token", "wrong");

        Assert.Equal((1, "error NOT_FOUND: No session 'nowhere'.\n"), (missing.Code, missing.Stderr));
        Assert.Equal((1, "error SESSION_PROTECTED: The main session cannot be deleted.\n"), (main.Code, main.Stderr));
        Assert.StartsWith("error CONFLICT: ", taken.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unconfirmed.Code);
        Assert.Contains("without confirmation: pass --yes", unconfirmed.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badToken.Code);
        Assert.StartsWith("error UNAUTHORIZED: ", badToken.Stderr, StringComparison.Ordinal);
        Assert.NotNull(gateway.Service<Cairn.Store.SessionStore>().Get("main"));
    }

    [Fact]
    public async Task NoGateway_ExitsWithThree()
    {
        using var dir = new TempDir();

        var result = await CairnCli.RunRawAsync(null, "sessions", "list", "--url", "http://127.0.0.1:1", "--data-dir", dir.Path);

        Assert.Equal(3, result.Code);
        Assert.StartsWith("error UNAVAILABLE: Cannot reach the gateway at http://127.0.0.1:1/", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenAndUrl_ComeFromTheDataDir()
    {
        using var dir = new TempDir();
        await using var gateway = await TestGateway.StartAsync(dataDir: dir.Path);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "config.yaml"), $"gateway:\n  port: {gateway.Host.Address.Port}\n");

        var result = await CairnCli.RunRawAsync(null, "sessions", "list", "--data-dir", dir.Path, "--json");

        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal(["main"], Keys(Read<SessionsListResult>(result)));
    }

    [Theory]
    [InlineData("sessions", "list", "--persistent", "--temporary")]
    [InlineData("sessions", "persist", "main", "maybe")]
    [InlineData("sessions", "get")]
    [InlineData("sessions", "list", "--url", "ftp://x")]
    public async Task BadCommandLine_ExitsWithOne(params string[] args)
    {
        var result = await CairnCli.RunRawAsync(null, args);

        Assert.Equal(1, result.Code);
        Assert.NotEqual("", result.Stderr);
    }

    [Theory]
    [InlineData("sessions", "--url")]
    [InlineData("sessions list", "--all")]
    [InlineData("sessions create", "--temporary")]
    [InlineData("sessions delete", "--yes")]
    [InlineData("sessions purge", "--yes")]
    [InlineData("sessions list", "--trashed")]
    [InlineData("import chatgpt", "--url")]
    [InlineData("status", "--json")]
    [InlineData("chat", "--peer")]
    public async Task Help_DescribesEveryCommand(string command, string option)
    {
        var result = await CairnCli.RunRawAsync(null, [.. command.Split(' '), "--help"]);

        Assert.Equal(0, result.Code);
        Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--token", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The --json output read as the gateway's own result record (an extra or missing field fails).</summary>
    private static T Read<T>(CliResult result) => JsonSerializer.Deserialize<T>(result.Stdout, ProtocolJson.Options)!;

    private static string[] Keys(SessionsListResult result) => [.. result.Sessions.Select(s => s.Key)];
}
