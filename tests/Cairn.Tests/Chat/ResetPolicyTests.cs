using Cairn.Config;
using Cairn.Sessions;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Chat;

/// <summary>The daily and idle reset policy, lazily on the next message and by the background sweep, with a hand-moved clock.</summary>
public sealed class ResetPolicyTests
{
    private static Task<TestGateway> StartAsync(ResetMode mode, int atHour = 4, int idleMinutes = 0) => TestGateway.StartAsync(c => c with
    {
        Session = c.Session with { Reset = new ResetPolicyConfig(mode, atHour, idleMinutes) },
    });

    private static async Task SeedAsync(TestGateway gw)
    {
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Temp", Persistent: false));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Keep", Persistent: true));
        foreach (var key in new[] { "temp", "keep", "main" })
        {
            await ChatSendTests.Say(gw, key, $"hello {key}");
        }
    }

    [Fact]
    public async Task Daily_OnNextMessage_NonPersistentRollsOver_WithNotice_PersistentNever()
    {
        await using var gw = await StartAsync(ResetMode.Daily);
        await SeedAsync(gw);
        var before = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("temp"))).Entry.SessionId;

        gw.Clock.Advance(TimeSpan.FromHours(19)); // 10:00 → 05:00 next day, past the 04:00 boundary
        var tempReply = await ChatSendTests.Say(gw, "temp", "new day");
        var keepReply = await ChatSendTests.Say(gw, "keep", "new day");

        Assert.Contains("first message", tempReply, StringComparison.Ordinal);
        Assert.Contains("2 earlier messages", keepReply, StringComparison.Ordinal);
        var temp = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("temp"));
        Assert.NotEqual(before, temp.SessionId);
        var first = temp.Messages[0];
        Assert.Equal("notice", first.Role);
        Assert.Equal("Reset by the daily policy at 04:00; earlier conversation kept.", first.Text);
        var old = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("temp", before));
        Assert.Equal("hello temp", old.Messages[0].Text);
    }

    [Fact]
    public async Task Daily_BeforeTheBoundary_NothingRolls()
    {
        await using var gw = await StartAsync(ResetMode.Daily);
        await SeedAsync(gw);

        gw.Clock.Advance(TimeSpan.FromHours(17)); // 03:00 next day
        var reply = await ChatSendTests.Say(gw, "temp", "still yesterday");

        Assert.Contains("2 earlier messages", reply, StringComparison.Ordinal);
        Assert.Empty(await gw.Service<ResetSweeper>().SweepAsync());
    }

    [Fact]
    public async Task Daily_Sweep_ResetsDueSessions_WithoutAnyMessage_ButNotPersistentOnes()
    {
        await using var gw = await StartAsync(ResetMode.Daily);
        await SeedAsync(gw);
        await using var ws = await gw.ConnectWsAsync();

        gw.Clock.Advance(TimeSpan.FromHours(19));
        var reset = await gw.Service<ResetSweeper>().SweepAsync();

        Assert.Equal(["main", "temp"], reset.Order());
        var evt = await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Reset);
        Assert.Contains(evt.Key, reset);
        var temp = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("temp"))).Entry;
        Assert.Equal(0, temp.MessageCount);
        var keep = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("keep"))).Entry;
        Assert.Equal(2, keep.MessageCount);
        var history = (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("temp"))).Messages;
        Assert.Equal("notice", Assert.Single(history).Role);
        Assert.Empty(await gw.Service<ResetSweeper>().SweepAsync());
    }

    [Fact]
    public async Task Idle_RollsAfterIdleMinutes_LazilyAndBySweep_PersistentNever()
    {
        await using var gw = await StartAsync(ResetMode.Idle, idleMinutes: 30);
        await SeedAsync(gw);

        gw.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Empty(await gw.Service<ResetSweeper>().SweepAsync());
        Assert.Contains("2 earlier messages", await ChatSendTests.Say(gw, "temp", "still here"), StringComparison.Ordinal);

        gw.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Contains("first message", await ChatSendTests.Say(gw, "temp", "back again"), StringComparison.Ordinal);
        var notice = (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("temp"))).Messages[0];
        Assert.Contains("30 minutes", notice.Text, StringComparison.Ordinal);
        Assert.Equal(["main"], await gw.Service<ResetSweeper>().SweepAsync());
        Assert.Contains("2 earlier messages", await ChatSendTests.Say(gw, "keep", "still mine"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Off_NeverResets()
    {
        await using var gw = await StartAsync(ResetMode.Off);
        await SeedAsync(gw);

        gw.Clock.Advance(TimeSpan.FromDays(30));

        Assert.Empty(await gw.Service<ResetSweeper>().SweepAsync());
        Assert.Contains("2 earlier messages", await ChatSendTests.Say(gw, "temp", "a month later"), StringComparison.Ordinal);
    }
}
