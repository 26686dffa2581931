using System.Net;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

/// <summary>
/// <c>sessions.archive</c> / <c>sessions.unarchive</c> through a real gateway: an archived session leaves the default list
/// (and its total), is the only kind <c>archived: true</c> lists, keeps its messages, key and conversation, refuses new
/// turns with CONFLICT <c>archived</c> while commands still run in it, and is left alone by the reset policy.
/// </summary>
public sealed class ArchiveTests
{
    [Fact]
    public async Task Archive_TakesItOutOfTheDefaultList_IntoTheArchivedOne_KeepingEverything()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();
        var created = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Old project"));
        await gw.SendAsync("old-project", "notes to keep");
        gw.Clock.Advance(TimeSpan.FromMinutes(3));

        var archived = (await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("old-project"))).Entry;

        var now = gw.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal((true, now, false), (archived.Archived, archived.ArchivedAt, archived.Trashed));
        Assert.Equal((created.SessionId, 2), (archived.SessionId, archived.MessageCount));
        var changed = await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Archived);
        Assert.Equal(("old-project", now), (changed.Key, changed.Entry!.ArchivedAt));

        var inUse = await gw.CallAsync<SessionsListResult>("sessions.list");
        Assert.Equal(["main"], Keys(inUse));
        Assert.Equal(1, inUse.Total);
        var onlyArchived = await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Archived: true));
        Assert.Equal(["old-project"], Keys(onlyArchived));
        Assert.Equal(1, onlyArchived.Total);
        Assert.Equal(1, (await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Archived: true, Search: "proj"))).Total);
        Assert.Equal(0, (await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Archived: false, Persistent: true))).Total);
        Assert.True((await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("old-project"))).Entry.Archived);
        var kept = (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("old-project"))).Messages;
        Assert.Equal("notes to keep", kept[0].Text);
        Assert.StartsWith("Echo: notes to keep", kept[1].Text, StringComparison.Ordinal);

        var back = (await gw.CallAsync<SessionEntryResult>("sessions.unarchive", new SessionKeyParams("old-project"))).Entry;
        Assert.Equal((false, null), (back.Archived, back.ArchivedAt));
        Assert.Equal("old-project", (await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Unarchived)).Key);
        Assert.Equal(2, (await gw.CallAsync<SessionsListResult>("sessions.list")).Total);
    }

    [Fact]
    public async Task SendingToAnArchivedSession_IsRefused_ButCommandsRun_AndUnarchivingOpensItAgain()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Shelved"));
        await gw.SendAsync("shelved", "first");
        await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("shelved"));

        var refused = await gw.RequestAsync<ChatSendResult>("chat.send", new ChatSendParams("more", "shelved", Wait: true));
        var retry = await gw.RequestAsync<ChatSendResult>("chat.retry", new ChatRetryParams("shelved"));
        var command = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session unarchive shelved", "shelved"));
        var sent = await gw.SendAsync("shelved", "second");

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(ErrorCode.Conflict, refused.Error?.Code);
        Assert.Equal(("archived", "shelved"), (refused.Error!.Detail<string>("reason"), refused.Error.Detail<string>("key")));
        Assert.Contains("/session unarchive shelved", refused.Error.Message, StringComparison.Ordinal);
        Assert.Equal("archived", retry.Error?.Detail<string>("reason"));
        Assert.Equal("Unarchived 'Shelved' (shelved): it is back in the list and takes messages again.", command.Command!.Reply);
        Assert.Equal(SendStatus.Final, sent.Status);
        Assert.DoesNotContain((await gw.AllRowsAsync("shelved")).Select(m => m.Text), t => t == "more");
    }

    [Fact]
    public async Task ArchiveErrors_HaveTheirCodes_AndChangeNothing()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Gone"));
        await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("work"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("gone"));

        var main = await gw.RequestAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("main"));
        var twice = await gw.RequestAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("work"));
        var notArchived = await gw.RequestAsync<SessionEntryResult>("sessions.unarchive", new SessionKeyParams("main"));
        var unknown = await gw.RequestAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("nope"));
        var trashed = await gw.RequestAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("gone"));
        var badKey = await gw.RequestAsync<SessionEntryResult>("sessions.unarchive", new SessionKeyParams("Not A Key"));
        var both = await gw.RequestAsync<SessionsListResult>("sessions.list", new SessionsListParams(Archived: true, Trashed: true));

        Assert.Equal((ErrorCode.SessionProtected, "The main session cannot be archived."), (main.Error?.Code, main.Error?.Message));
        Assert.Equal((ErrorCode.Conflict, "already_archived"), (twice.Error?.Code, twice.Error?.Detail<string>("reason")));
        Assert.Equal((ErrorCode.Conflict, "not_archived"), (notArchived.Error?.Code, notArchived.Error?.Detail<string>("reason")));
        Assert.Equal((ErrorCode.NotFound, null), (unknown.Error?.Code, unknown.Error?.Detail<string>("reason")));
        Assert.Equal((ErrorCode.NotFound, "trashed"), (trashed.Error?.Code, trashed.Error?.Detail<string>("reason")));
        Assert.Equal(ErrorCode.InvalidRequest, badKey.Error?.Code);
        Assert.Equal((ErrorCode.InvalidRequest, "trashed"), (both.Error?.Code, both.Error?.Detail<string>("field")));
        var work = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("work"))).Entry;
        Assert.Equal(2, work.Rev);
        Assert.False((await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("main"))).Entry.Archived);
    }

    [Fact]
    public async Task AnArchivedSession_IsFoundByItsExactName_NotByAPrefix()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Workshop"));
        await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("workshop"));

        var prefix = await gw.CallAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams("wor"));
        var exact = await gw.CallAsync<SessionEntryResult>("sessions.resolve", new SessionsResolveParams("WORKSHOP"));

        Assert.Equal("work", prefix.Entry.Key);
        Assert.Equal(("workshop", true), (exact.Entry.Key, exact.Entry.Archived));
    }

    [Fact]
    public async Task TheResetPolicy_LeavesAnArchivedSessionAlone()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Session = c.Session with { Reset = new ResetPolicyConfig(ResetMode.Idle, 4, 10) } });
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Scratch", Persistent: false));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Other", Persistent: false));
        await gw.SendAsync("scratch", "keep this");
        await gw.SendAsync("other", "this one goes");
        var before = (await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("scratch"))).Entry;
        gw.Clock.Advance(TimeSpan.FromMinutes(11));

        var reset = await gw.Service<ResetSweeper>().SweepAsync();

        Assert.Equal(["other"], reset);
        var after = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("scratch"))).Entry;
        Assert.Equal((before.SessionId, 2), (after.SessionId, after.MessageCount));
    }

    private static string[] Keys(SessionsListResult result) => [.. result.Sessions.Select(s => s.Key)];
}
