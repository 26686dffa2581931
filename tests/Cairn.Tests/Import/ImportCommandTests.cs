using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Cli;
using Cairn.Tests.Support;

namespace Cairn.Tests.Import;

/// <summary><c>cairn import openclaw</c> as a real child process.</summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class ImportCommandTests
{
    [Fact]
    public async Task ImportOpenClaw_PrintsATableAndSummary_ExitsZero_AndTheGatewayServesTheSessions()
    {
        using var dir = new TempDir();

        var (code, output) = await CairnCli.RunToEndAsync("import", "openclaw", Fixtures.OpenClawSessions, "--data-dir", dir.Path);

        Assert.True(code == 0, output);
        Assert.Contains("KEY", output, StringComparison.Ordinal);
        Assert.Contains("GENERATIONS", output, StringComparison.Ordinal);
        Assert.Matches(@"work\s+agent:main:work\s+Work\s+3\s+1\s+new", output);
        Assert.Matches(@"main\s+agent:main:main\s+Main\s+7\s+2\s+updated", output);
        Assert.Contains("Imported 4 sessions (3 new, 1 updated; 0 sessions already imported before): 12 messages in 4 transcripts.", output, StringComparison.Ordinal);
        Assert.Contains("Skipped 9 transcript lines: 1 tool result, 5 other entries", output, StringComparison.Ordinal);
        Assert.Contains("Left out 1 older transcript that no entry of sessions.json leads to", output, StringComparison.Ordinal);

        // Imported conversations are months old, so the default daily reset policy would start them afresh at once
        // (keeping the imported transcript as an older generation); turned off here to look at them as imported.
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "config.yaml"), "session:\n  reset:\n    mode: off\n");
        await using var gateway = await GatewayProcess.StartAsync(dir.Path);
        var work = await gateway.Api.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams("agent:main:work"));
        Assert.Equal("work", work.Result.Entry.Key);
        Assert.Equal(3, work.Result.Entry.MessageCount);
        var history = await gateway.Api.RequestAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("work"));
        Assert.True(history.Ok, history.ToString());
        Assert.Equal(["Draft the weekly report.", "Here is a draft: …", "Shorter, please."],
            history.Result.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task DryRun_PrintsThePlan_AndWritesNothing()
    {
        using var dir = new TempDir();
        var dataDir = Path.Combine(dir.Path, "data");

        var (code, output) = await CairnCli.RunToEndAsync("import", "openclaw", Fixtures.OpenClawSessions, "--data-dir", dataDir, "--dry-run");

        Assert.True(code == 0, output);
        Assert.Contains("Dry run: nothing is written.", output, StringComparison.Ordinal);
        Assert.Contains("Would import 4 sessions", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDir));
    }

    [Fact]
    public async Task WhileAGatewayRuns_TheImportIsRefused_WithAClearMessage()
    {
        using var dir = new TempDir();
        await using var gateway = await GatewayProcess.StartAsync(dir.Path);

        var (code, output) = await CairnCli.RunToEndAsync("import", "openclaw", Fixtures.OpenClawSessions, "--data-dir", dir.Path);

        Assert.Equal(2, code);
        Assert.Contains("A gateway is running on the data dir", output, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.NotFound, (await gateway.Api.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams("work"))).Error?.Code);
    }

    [Fact]
    public async Task MissingFolder_ExitsNonZero_SayingWhatToPass()
    {
        using var dir = new TempDir();

        var (code, output) = await CairnCli.RunToEndAsync("import", "openclaw", Path.Combine(dir.Path, "nowhere"), "--data-dir", dir.Path);

        Assert.Equal(1, code);
        Assert.Contains("No sessions.json in", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, CairnDatabase.FileName)));
    }

    [Fact]
    public async Task Help_DescribesTheCommand()
    {
        var (code, output) = await CairnCli.RunToEndAsync("import", "openclaw", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--dry-run", output, StringComparison.Ordinal);
        Assert.Contains("--data-dir", output, StringComparison.Ordinal);
        Assert.Contains("sessions folder", output, StringComparison.Ordinal);
    }
}
