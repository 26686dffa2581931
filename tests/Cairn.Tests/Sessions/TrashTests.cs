using System.Net;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

/// <summary>
/// The trash through a real gateway: <c>sessions.delete</c> keeps everything, <c>sessions.restore</c> gives it all back
/// (messages, key, conversation id, URL, share links), <c>sessions.list {trashed: true}</c> lists only the trash, the
/// sweep purges after <c>session.trashDays</c> by the test clock (and not before), and every refusal has its code.
/// </summary>
public sealed class TrashTests
{
    [Fact]
    public async Task DeleteThenRestore_GivesBackTheMessages_TheKey_TheUrl_AndTheShareLinks()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();
        var created = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Novel"));
        await gw.SendAsync("novel", "chapter one");
        await gw.SendAsync("novel", "chapter two");
        var share = (await gw.CallAsync<SessionsShareResult>("sessions.share", new SessionsShareParams("novel"))).Share;
        var before = await gw.AllRowsAsync("novel");
        gw.Clock.Advance(TimeSpan.FromHours(1));

        var deleted = await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("novel"));
        var trashedEvent = await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Deleted);
        var pageWhileTrashed = await OpenAsync(gw, share.Path);
        var sharesWhileTrashed = await gw.CallAsync<SessionsSharesResult>("sessions.shares");
        var historyWhileTrashed = await gw.RequestAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("novel"));
        gw.Clock.Advance(TimeSpan.FromDays(29));
        var restored = (await gw.CallAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams("novel"))).Entry;

        Assert.Equal(("novel", true), (trashedEvent.Key, trashedEvent.Entry!.Trashed));
        Assert.Equal(4, deleted.Entry.MessageCount);
        Assert.Equal(HttpStatusCode.NotFound, pageWhileTrashed);
        Assert.Empty(sharesWhileTrashed.Shares);
        Assert.Equal("trashed", historyWhileTrashed.Error?.Detail<string>("reason"));
        Assert.Equal(("novel", created.SessionId, 4, false, null), (restored.Key, restored.SessionId, restored.MessageCount, restored.Trashed, restored.TrashedAt));
        Assert.Equal("novel", (await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Restored)).Entry!.Key);
        Assert.Equal(before, await gw.AllRowsAsync("novel"));
        Assert.Equal(HttpStatusCode.OK, await OpenAsync(gw, share.Path));
        Assert.Equal("novel", (await gw.CallAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams("Novel"))).Entry.Key);
        Assert.Equal(SendStatus.Final, (await gw.SendAsync("novel", "chapter three")).Status);
        Assert.Equal(2, (await gw.CallAsync<SessionsListResult>("sessions.list")).Total);
    }

    [Fact]
    public async Task TheTrashList_HoldsOnlyTrashedSessions_ArchivedOrNot_AndSaysHowLongTheyStay()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Session = c.Session with { TrashDays = 7 } });
        foreach (var label in new[] { "Keep", "Shelf", "Bin one", "Bin two" })
        {
            await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label));
        }

        await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("shelf"));
        await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("bin-two"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("bin-one"));
        gw.Clock.Advance(TimeSpan.FromSeconds(1));
        var deleted = await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("bin-two"));

        var inUse = await gw.CallAsync<SessionsListResult>("sessions.list");
        var archived = await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Archived: true));
        var trash = await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Trashed: true));
        var trashPage = await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Limit: 1, Trashed: true));
        var trashNext = await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Limit: 1, Cursor: trashPage.NextCursor, Trashed: true));

        Assert.Equal("keep,main|2|", $"{string.Join(',', Keys(inUse))}|{inUse.Total}|{inUse.TrashDays}");
        Assert.Equal("shelf|1", $"{string.Join(',', Keys(archived))}|{archived.Total}");
        Assert.Equal("bin-two,bin-one|2|7", $"{string.Join(',', Keys(trash))}|{trash.Total}|{trash.TrashDays}");
        Assert.Equal("bin-two|bin-one|2", $"{string.Join(',', Keys(trashPage))}|{string.Join(',', Keys(trashNext))}|{trashNext.Total}");
        Assert.True(trash.Sessions[0].Archived);
        Assert.Equal(deleted.Entry.TrashedAt + (long)TimeSpan.FromDays(7).TotalMilliseconds, deleted.PurgeAt);
        var back = (await gw.CallAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams("bin-two"))).Entry;
        Assert.Equal((true, false), (back.Archived, back.Trashed));
    }

    [Fact]
    public async Task TheSweep_PurgesAfterTheRetention_AndNotBefore()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Old"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Newer"));
        await gw.SendAsync("old", "bye");
        await gw.CallAsync<SessionsShareResult>("sessions.share", new SessionsShareParams("old"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("old"));
        gw.Clock.Advance(TimeSpan.FromDays(10));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("newer"));
        var sweeper = gw.Service<ResetSweeper>();
        var store = gw.Service<SessionStore>();

        gw.Clock.Advance(TimeSpan.FromDays(20) - TimeSpan.FromMilliseconds(1));
        await sweeper.SweepAsync();
        Assert.NotNull(store.GetAny("old"));

        gw.Clock.Advance(TimeSpan.FromMilliseconds(2));
        await sweeper.SweepAsync();

        Assert.Null(store.GetAny("old"));
        Assert.NotNull(store.GetAny("newer"));
        Assert.Equal(0L, Count(store, "SELECT COUNT(*) FROM messages WHERE session_key = 'old'"));
        Assert.Equal(0L, Count(store, "SELECT COUNT(*) FROM shares WHERE session_key = 'old'"));
        Assert.Equal(("old", null), await PurgedAsync(ws));
        Assert.Equal(1, (await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Trashed: true))).Total);
        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams("old"))).Error?.Code);

        gw.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(["newer"], await gw.Service<SessionService>().PurgeExpiredAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WithTrashDaysZero_NothingIsPurgedByTime()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Session = c.Session with { TrashDays = 0 } });
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Forever bin"));
        var deleted = await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("forever-bin"));
        gw.Clock.Advance(TimeSpan.FromDays(3650));

        await gw.Service<ResetSweeper>().SweepAsync();

        Assert.Null(deleted.PurgeAt);
        Assert.NotNull(gw.Service<SessionStore>().GetAny("forever-bin"));
        Assert.Equal(0, (await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Trashed: true))).TrashDays);
    }

    [Fact]
    public async Task TheRetentionPurge_SkipsASessionRestoredAndDeletedAgainSinceItWasListed()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Twice"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("twice"));
        var store = gw.Service<SessionStore>();
        var firstTrash = store.GetAny("twice")!.TrashedAt!.Value;
        gw.Clock.Advance(TimeSpan.FromDays(40));
        await gw.CallAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams("twice"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("twice"));

        var stale = await store.PurgeAsync("twice", trashedBefore: firstTrash + 1);

        Assert.Equal(StoreStatus.NotTrashed, stale.Status);
        Assert.NotNull(store.GetAny("twice"));
    }

    [Fact]
    public async Task RestoreAndPurge_Refusals_HaveTheirCodes()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Live"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Binned"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("binned"));
        await gw.CallAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams("binned"));

        var doubleRestore = await gw.RequestAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams("binned"));
        var restoreUnknown = await gw.RequestAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams("nope"));
        var purgeLive = await gw.RequestAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("live"));
        var purgeMain = await gw.RequestAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("main"));
        var purgeUnknown = await gw.RequestAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("nope"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("binned"));
        var purged = await gw.CallAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("binned"));
        var purgeAgain = await gw.RequestAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("binned"));
        var restorePurged = await gw.RequestAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams("binned"));
        var badKey = await gw.RequestAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("../x"));

        Assert.Equal((HttpStatusCode.Conflict, "not_trashed"), (doubleRestore.Status, doubleRestore.Error?.Detail<string>("reason")));
        Assert.Equal(ErrorCode.NotFound, restoreUnknown.Error?.Code);
        Assert.Equal((ErrorCode.Conflict, "not_trashed"), (purgeLive.Error?.Code, purgeLive.Error?.Detail<string>("reason")));
        Assert.Contains("delete it first", purgeLive.Error!.Message, StringComparison.Ordinal);
        Assert.Equal((ErrorCode.SessionProtected, "The main session cannot be purged."), (purgeMain.Error?.Code, purgeMain.Error?.Message));
        Assert.Equal(ErrorCode.NotFound, purgeUnknown.Error?.Code);
        Assert.Equal(("binned", true), (purged.Key, purged.Purged));
        Assert.Equal((ErrorCode.NotFound, null), (purgeAgain.Error?.Code, purgeAgain.Error?.Detail<string>("reason")));
        Assert.Equal(ErrorCode.NotFound, restorePurged.Error?.Code);
        Assert.Equal(ErrorCode.InvalidRequest, badKey.Error?.Code);
        Assert.NotNull(gw.Service<SessionStore>().Get("live"));
    }

    [Fact]
    public async Task ASessionInTheTrash_IsOutOfReachOfEveryOtherMethod_WithReasonTrashed()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Binned"));
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session switch binned", Peer: "cli:ann"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("binned"));
        var key = new SessionKeyParams("binned");

        var replies = new[]
        {
            (await gw.RequestAsync("sessions.get", new SessionGetParams("binned"))).Error,
            (await gw.RequestAsync("sessions.resolve", new SessionsResolveParams("Binned"))).Error,
            (await gw.RequestAsync("sessions.patch", new SessionsPatchParams("binned", Label: "New"))).Error,
            (await gw.RequestAsync("sessions.reset", key)).Error,
            (await gw.RequestAsync("sessions.generations", key)).Error,
            (await gw.RequestAsync("sessions.unarchive", key)).Error,
            (await gw.RequestAsync("sessions.export", new SessionsExportParams("binned"))).Error,
            (await gw.RequestAsync("sessions.share", new SessionsShareParams("binned"))).Error,
            (await gw.RequestAsync("sessions.shares", new SessionsSharesParams("binned"))).Error,
            (await gw.RequestAsync("sessions.compact", new SessionsCompactParams("binned"))).Error,
            (await gw.RequestAsync("chat.send", new ChatSendParams("hi", "binned"))).Error,
            (await gw.RequestAsync("chat.history", new ChatHistoryParams("binned"))).Error,
        };

        Assert.All(replies, e => Assert.Equal((ErrorCode.NotFound, "trashed", "binned"), (e?.Code, e?.Detail<string>("reason"), e?.Detail<string>("key"))));
        Assert.Equal("main", (await gw.CallAsync<SessionsActiveResult>("sessions.active", new SessionsActiveParams("cli:ann"))).Entry.Key);
    }

    private static async Task<HttpStatusCode> OpenAsync(TestGateway gw, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = gw.Host.Address };
        using var response = await anonymous.GetAsync(path);
        return response.StatusCode;
    }

    private static async Task<(string, SessionEntry?)> PurgedAsync(WsTestClient ws)
    {
        var purged = await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Purged);
        return (purged.Key, purged.Entry);
    }

    private static long Count(SessionStore store, string sql) => store.Database.Read(c =>
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    });

    private static string[] Keys(SessionsListResult result) => [.. result.Sessions.Select(s => s.Key)];
}
