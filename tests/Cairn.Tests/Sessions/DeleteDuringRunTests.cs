using Cairn.Protocol;
using Cairn.Tests.Chat.Providers;
using Cairn.Store;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Sessions;

/// <summary>
/// A session deleted while its reply streams: the run is stopped first; nothing of it is written into the session in the
/// trash, and nothing reaches a new session made with the same key after a purge.
/// </summary>
public sealed class DeleteDuringRunTests
{
    [Fact]
    public async Task DeleteWhileAReplyStreams_AbortsTheRun_AndASessionOfTheSameKeyAfterThePurgeGetsNoneOfIt()
    {
        var model = new ScriptedChatClient();
        model.Scripts.Add(ScriptedChatClient.Hangs("old reply "));
        model.Scripts.Add(ScriptedChatClient.Says("new reply"));
        await using var gw = await TestGateway.StartAsync(services: s => s.AddSingleton<IChatClient>(model));
        await using var watcher = await gw.ConnectWsAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Doomed"));
        var first = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("first question", SessionKey: "doomed"));
        await watcher.NextEventAsync<ChatEvent>(e => e.RunId == first.RunId && e.State == RunState.Delta);

        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("doomed"));
        await gw.CallAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("doomed"));
        var again = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Doomed"));
        var second = await gw.RequestAsync<ChatSendResult>("chat.send", new ChatSendParams("second question", SessionKey: "doomed", Wait: true));

        Assert.True(second.Ok, second.Error?.Message);
        var ended = await watcher.NextEventAsync<ChatEvent>(e => e.RunId == first.RunId && e.State != RunState.Delta);
        Assert.Equal(RunState.Aborted, ended.State);
        Assert.Equal("doomed", again.Key);
        Assert.Equal(SendStatus.Final, second.Value!.Status);
        var history = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("doomed"));
        Assert.Equal(["second question", "new reply"], history.Messages.Where(m => m.Role is "user" or "assistant").Select(m => m.Text));
        Assert.DoesNotContain(history.Messages, m => m.Text.Contains("old reply", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReplyForTheGenerationOfAPurgedSession_IsNotStoredInANewSessionOfTheSameKey()
    {
        await using var gw = await TestGateway.StartAsync();
        var old = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Doomed"));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("doomed"));
        await gw.CallAsync<SessionsPurgeResult>("sessions.purge", new SessionKeyParams("doomed"));
        var fresh = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Doomed"));

        var late = await gw.Service<TranscriptStore>().AppendAsync("doomed", [new NewMessage(MessageRoles.Assistant, "late reply", RunId: "r1")],
            gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), generation: old.SessionId);

        Assert.Equal(StoreStatus.NotFound, late.Status);
        Assert.Empty((await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("doomed", old.SessionId))).Messages);
        Assert.DoesNotContain((await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("doomed"))).Messages,
            m => m.Text == "late reply");
        Assert.Equal(0, (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("doomed"))).Entry.MessageCount);
        Assert.NotEqual(old.SessionId, fresh.SessionId);
    }

    [Fact]
    public async Task DeleteWhileAReplyStreams_LeavesThePartialReplyInItsConversation_AndALateWriteIntoTheTrashIsRefused()
    {
        var model = new ScriptedChatClient();
        model.Scripts.Add(ScriptedChatClient.Hangs("half a reply "));
        await using var gw = await TestGateway.StartAsync(services: s => s.AddSingleton<IChatClient>(model));
        await using var watcher = await gw.ConnectWsAsync();
        var created = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Doomed"));
        var run = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("a question", SessionKey: "doomed"));
        await watcher.NextEventAsync<ChatEvent>(e => e.RunId == run.RunId && e.State == RunState.Delta);

        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("doomed"));
        var late = await gw.Service<TranscriptStore>().AppendAsync("doomed", [new NewMessage(MessageRoles.Assistant, "late reply", RunId: "r1")],
            gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), generation: created.SessionId);
        var send = await gw.RequestAsync<ChatSendResult>("chat.send", new ChatSendParams("more", SessionKey: "doomed"));
        await gw.CallAsync<SessionEntryResult>("sessions.restore", new SessionKeyParams("doomed"));

        Assert.Equal(StoreStatus.NotFound, late.Status);
        Assert.Equal(("trashed", ErrorCode.NotFound), (send.Error?.Detail<string>("reason"), send.Error?.Code));
        var history = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("doomed"));
        Assert.Equal(["a question", "half a reply "], history.Messages.Where(m => m.Role is "user" or "assistant").Select(m => m.Text));
        Assert.DoesNotContain(history.Messages, m => m.Text is "late reply" or "more");
    }
}
