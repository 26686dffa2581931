using Cairn.Chat.Context;
using Cairn.Chat.Providers;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Chat;

/// <summary>
/// The offline echo model with a small window, configured as a user would (<c>config.yaml</c>): compaction is
/// visible without a real model, its summary says it is mechanical, and a window too small to summarise into
/// still never fails a send.
/// </summary>
public sealed class EchoWindowTests
{
    private static async Task<TestGateway> StartAsync(TempDir dir, string modelYaml)
    {
        File.WriteAllText(Path.Combine(dir.Path, ConfigLoader.FileName), $"model: {modelYaml}\n");
        var loaded = ConfigLoader.Load(dir.Path, environment: []);
        return await TestGateway.StartAsync(c => loaded with { Gateway = c.Gateway }, dataDir: dir.Path);
    }

    private static string Turn(int i) => $"turn {i}: the plan for this week is to paint the fence, fix the gate and plant the tulips before it rains";

    [Fact]
    public async Task ASmallWindow_IsCompactedWithAnHonestMechanicalSummary_AndEverySendIsFinal()
    {
        using var dir = new TempDir();
        await using var gw = await StartAsync(dir, "{ contextWindow: 1024, maxOutputTokens: 256 }");
        Assert.Equal("echo", gw.Service<ProviderInfo>().Name);
        var key = await gw.PersistentSessionAsync();

        const int turns = 40;
        ChatSendResult last = null!;
        for (var i = 1; i <= turns; i++)
        {
            last = await gw.SendAsync(key, Turn(i));
            Assert.True(last.Status == SendStatus.Final, $"turn {i}: {last.Status} {last.Reason} {last.Error}");
        }

        var rows = await gw.AllRowsAsync(key);
        var summaries = rows.Where(r => r.Role == "summary").ToList();
        Assert.NotEmpty(summaries);
        Assert.All(summaries, s =>
        {
            Assert.StartsWith(EchoChatClient.SummaryPreamble, s.Text, StringComparison.Ordinal);
            Assert.True(s.CoversFrom <= s.CoversTo && s.CoversTo < s.Seq, $"covers {s.CoversFrom}..{s.CoversTo}");
        });
        Assert.Contains($"[User, message {rows[0].Seq}] turn 1: the plan", summaries[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.Role is "error" or "notice");
        Assert.Equal(Enumerable.Range(1, turns).Select(Turn), rows.Where(r => r.Role == "user").Select(r => r.Text));

        // The echo describes the context it was sent: after compaction it no longer starts at turn 1.
        Assert.DoesNotContain("began with \"turn 1:", last.Message!.Text, StringComparison.Ordinal);
        var entry = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(key))).Entry;
        Assert.Equal(1024, entry.ContextWindow);
        Assert.InRange(entry.ContextTokens!.Value, 1, 1024 - 256);
    }

    [Fact]
    public async Task AWindowTooSmallToSummariseInto_UsesTheSlidingWindow_WithANotice_AndEverySendIsFinal()
    {
        using var dir = new TempDir();
        await using var gw = await StartAsync(dir, "{ contextWindow: 256, maxOutputTokens: 64 }");
        var key = await gw.PersistentSessionAsync();

        for (var i = 1; i <= 15; i++)
        {
            var result = await gw.SendAsync(key, Turn(i));
            Assert.True(result.Status == SendStatus.Final, $"turn {i}: {result.Status} {result.Reason} {result.Error}");
        }

        var rows = await gw.AllRowsAsync(key);
        Assert.Contains(rows, r => r.Role == "notice" && r.Text == ChatContext.SlidingWindowNotice);
        Assert.DoesNotContain(rows, r => r.Role is "error" or "summary");
        Assert.Equal(15, rows.Count(r => r.Role == "assistant"));
    }
}
