using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

/// <summary><c>sessions.undoReset</c> and <c>/undo-reset</c>: a reset is taken back, and nothing is lost either way.</summary>
public sealed class UndoResetTests
{
    private static Task<ChatSendResult> SendAsync(TestGateway gw, string text) =>
        gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(text, "scratch", Wait: true));

    private static async Task<TestGateway> StartAsync()
    {
        var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Scratch", Persistent: false));
        return gw;
    }

    [Fact]
    public async Task UndoReset_BringsBackTheOldMessages_AndKeepsTheNewConversationAsAnOlderOne()
    {
        await using var gw = await StartAsync();
        await using var ws = await gw.ConnectWsAsync();
        await SendAsync(gw, "the old plan");
        gw.Clock.Advance(TimeSpan.FromMinutes(1));
        var reset = await gw.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("scratch"));
        gw.Clock.Advance(TimeSpan.FromMinutes(1));
        await SendAsync(gw, "oops, I did not mean to reset");

        var undone = await gw.CallAsync<SessionsResetResult>("sessions.undoReset", new SessionKeyParams("scratch"));

        Assert.Equal(reset.PreviousSessionId, undone.Entry.SessionId);
        Assert.Equal(reset.Entry.SessionId, undone.PreviousSessionId);
        Assert.Equal(2, undone.Entry.MessageCount);
        var history = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("scratch"));
        Assert.Equal("the old plan", history.Messages[0].Text);
        var generations = await gw.CallAsync<SessionsGenerationsResult>("sessions.generations", new SessionKeyParams("scratch"));
        Assert.Contains(generations.Generations, g => g.SessionId == reset.Entry.SessionId && !g.Current && g.MessageCount == 2);
        await ws.NextEventAsync<SessionsChangedEvent>(e => e.Reason == ChangeReason.Reset && e.Entry!.SessionId == undone.Entry.SessionId);

        // The conversation goes on where it was; undoing again goes back to the one the reset made.
        await SendAsync(gw, "where were we?");
        Assert.Equal(4, (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("scratch"))).Entry.MessageCount);
        var redo = await gw.CallAsync<SessionsResetResult>("sessions.undoReset", new SessionKeyParams("scratch"));
        Assert.Equal(reset.Entry.SessionId, redo.Entry.SessionId);
    }

    [Fact]
    public async Task TheCommand_UndoesAReset_EvenInAPersistentSession_AndSaysWhenThereIsNothingToUndo()
    {
        await using var gw = await StartAsync();
        var nothing = await gw.RequestAsync<SessionsResetResult>("sessions.undoReset", new SessionKeyParams("scratch"));
        await SendAsync(gw, "first");
        await SendAsync(gw, "/reset");
        await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("scratch", Persistent: true));

        var undo = await SendAsync(gw, "/undo-reset");

        Assert.Equal(ErrorCode.Conflict, nothing.Error!.Code);
        Assert.Equal("nothing_to_undo", nothing.Error.Detail<string>("reason"));
        Assert.Equal("Back to the previous conversation of 'Scratch' (2 messages). The one you left is kept in the history.", undo.Command!.Reply);
        var unknown = await gw.RequestAsync<SessionsResetResult>("sessions.undoReset", new SessionKeyParams("nope"));
        Assert.Equal(ErrorCode.NotFound, unknown.Error!.Code);
    }
}
