using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Commands;

/// <summary>Chat commands end to end through chat.send, in both forms: sessionKey (web UI) and peer (URL-less surfaces).</summary>
public sealed class ChatSendCommandTests
{
    [Fact]
    public async Task Peer_SessionNew_BindsThePeer_SoItsNextMessageGoesToTheNewSession()
    {
        await using var gateway = await TestGateway.StartAsync();

        var created = await Send(gateway, new ChatSendParams("/session new Work Notes", Peer: "cli:ann"));
        var talked = await Send(gateway, new ChatSendParams("write this down", Peer: "cli:ann", Wait: true));

        Assert.Equal(SendStatus.Command, created.Status);
        var command = created.Command!;
        Assert.Equal("session new", command.Name);
        Assert.Equal("Created 'Work Notes' (key work-notes, persistent) and switched to it.", command.Reply);
        Assert.Equal("switch", command.Action!.Type);
        Assert.Equal("work-notes", command.Action.Key);
        Assert.Equal("work-notes", talked.SessionKey);
        Assert.Equal(["user", "assistant"], (await History(gateway, "work-notes")).Select(m => m.Role));
    }

    [Fact]
    public async Task Command_AndItsReply_AreStoredInTheTranscript_AndNeverReachTheModel()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var ws = await gateway.ConnectWsAsync();

        var help = await ws.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/help", "main"));

        Assert.Equal(SendStatus.Command, help.Status);
        Assert.Null(help.Command!.Action);
        var messages = await History(gateway, "main");
        Assert.Equal("/help", messages[0].Text);
        Assert.StartsWith("Commands:\n  /help", messages[1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(messages, m => m.Role == MessageRoles.Assistant);
        Assert.DoesNotContain(ws.PendingEvents, e => e.Name == EventNames.Chat);
    }

    [Fact]
    public async Task SessionKey_Switch_ReturnsTheAction_WithoutStoringABinding()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Project X");

        var result = await Send(gateway, new ChatSendParams("/session switch project", "main"));

        var command = result.Command!;
        Assert.Equal("Switched to 'Project X' (project-x).", command.Reply);
        Assert.Equal("project-x", command.Action!.Key);
        Assert.Equal(0, gateway.Service<Cairn.Store.PeerBindingStore>().Count());
    }

    [Fact]
    public async Task SwitchingCommands_LeaveNoNoteInTheSessionTheyLeave()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Project X");
        await Send(gateway, new ChatSendParams("hello", "main", Wait: true));

        await Send(gateway, new ChatSendParams("/session switch project", "main"));
        await Send(gateway, new ChatSendParams("/session new Garden", "main"));
        var stayed = await Send(gateway, new ChatSendParams("/session switch main", "main"));

        Assert.Equal("Already in 'Main' (main).", stayed.Command!.Reply);
        Assert.Equal(["user", "assistant", "command", "notice"], (await History(gateway, "main")).Select(m => m.Role));
        Assert.Equal("/session switch main", (await History(gateway, "main"))[2].Text);
        Assert.Empty(await History(gateway, "project-x"));
        Assert.Empty(await History(gateway, "garden"));
    }

    [Fact]
    public async Task SlashThatIsNoCommand_GoesToTheModel()
    {
        await using var gateway = await TestGateway.StartAsync();

        var result = await Send(gateway, new ChatSendParams("/usr/bin is a path", "main", Wait: true));

        Assert.Equal(SendStatus.Final, result.Status);
        Assert.StartsWith("Echo: /usr/bin is a path", result.Message!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_Reset_OfPersistentSession_IsRefused_AndTheTranscriptIsKept()
    {
        await using var gateway = await TestGateway.StartAsync();
        await Send(gateway, new ChatSendParams("/session new Diary", Peer: "cli:ann"));
        await Send(gateway, new ChatSendParams("dear diary", Peer: "cli:ann", Wait: true));
        var before = gateway.Session("diary")!.SessionId;

        var result = await Send(gateway, new ChatSendParams("/reset", Peer: "cli:ann"));

        Assert.Contains("/session persist off", result.Command!.Reply, StringComparison.Ordinal);
        Assert.Equal(before, gateway.Session("diary")!.SessionId);
        Assert.Contains("dear diary", (await History(gateway, "diary")).Select(m => m.Text));
    }

    [Fact]
    public async Task Peer_SwitchThenGatewayRestart_NextMessageStillGoesToTheSwitchedSession()
    {
        using var dir = new TempDir();
        await using (var first = await TestGateway.StartAsync(dataDir: dir.Path))
        {
            await first.CreateAsync("Garden");
            var switched = await Send(first, new ChatSendParams("/session switch garden", Peer: "cli:ann"));
            Assert.Equal("garden", switched.Command!.Action!.Key);
        }

        await using var second = await TestGateway.StartAsync(dataDir: dir.Path);
        var talked = await Send(second, new ChatSendParams("tomatoes", Peer: "cli:ann", Wait: true));
        var active = await second.CallAsync<SessionsActiveResult>("sessions.active", new SessionsActiveParams("cli:ann"));
        var stranger = await second.CallAsync<SessionsActiveResult>("sessions.active", new SessionsActiveParams("cli:bob"));

        Assert.Equal("garden", talked.SessionKey);
        Assert.Equal("garden", active.Entry.Key);
        Assert.Equal("main", stranger.Entry.Key);
    }

    [Fact]
    public async Task SessionsActive_RejectsAnEmptyPeer()
    {
        await using var gateway = await TestGateway.StartAsync();

        var reply = await gateway.RequestAsync("sessions.active", new SessionsActiveParams(""));

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error?.Code);
    }

    [Fact]
    public async Task Peer_DeleteCurrentSession_MovesThePeerBackToMain()
    {
        await using var gateway = await TestGateway.StartAsync();
        await Send(gateway, new ChatSendParams("/session new Scratch", Peer: "cli:ann"));
        await Send(gateway, new ChatSendParams("/session persist off", Peer: "cli:ann"));

        var deleted = await Send(gateway, new ChatSendParams("/session delete", Peer: "cli:ann"));
        var next = await Send(gateway, new ChatSendParams("/session info", Peer: "cli:ann"));

        Assert.Equal("main", deleted.Command!.Action!.Key);
        Assert.StartsWith("Main (key main)", next.Command!.Reply, StringComparison.Ordinal);
        Assert.Null(gateway.Session("scratch"));
    }

    private static Task<ChatSendResult> Send(TestGateway gateway, ChatSendParams send) => gateway.CallAsync<ChatSendResult>("chat.send", send);

    private static async Task<IReadOnlyList<TranscriptMessage>> History(TestGateway gateway, string key) =>
        (await gateway.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams(key))).Messages;
}
