using System.Text.Json;
using Cairn.Tests.Support;

namespace Cairn.Tests.Commands;

/// <summary>Chat commands end to end through chat.send, in both forms: sessionKey (web UI) and peer (URL-less surfaces).</summary>
public sealed class ChatSendCommandTests
{
    [Fact]
    public async Task Peer_SessionNew_BindsThePeer_SoItsNextMessageGoesToTheNewSession()
    {
        await using var gateway = await TestGateway.StartAsync();

        var created = await gateway.OkAsync("chat.send", new { peer = "cli:ann", message = "/session new Work Notes" });
        var talked = await gateway.OkAsync("chat.send", new { peer = "cli:ann", message = "write this down", wait = true });

        Assert.Equal("command", created.GetProperty("status").GetString());
        var command = created.GetProperty("command");
        Assert.Equal("session new", command.GetProperty("name").GetString());
        Assert.Equal("Created 'Work Notes' (key work-notes, persistent) and switched to it.", command.GetProperty("reply").GetString());
        Assert.Equal("switch", command.GetProperty("action").GetProperty("type").GetString());
        Assert.Equal("work-notes", command.GetProperty("action").GetProperty("key").GetString());
        Assert.Equal("work-notes", talked.GetProperty("sessionKey").GetString());
        Assert.Equal(["user", "assistant"], Roles(await gateway.OkAsync("chat.history", new { sessionKey = "work-notes" })));
    }

    [Fact]
    public async Task Command_AndItsReply_AreStoredInTheTranscript_AndNeverReachTheModel()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var ws = await gateway.ConnectWsAsync();

        var help = await ws.RequestAsync("chat.send", new { sessionKey = "main", message = "/help" });

        var payload = help.GetProperty("payload");
        Assert.Equal("command", payload.GetProperty("status").GetString());
        Assert.False(payload.GetProperty("command").TryGetProperty("action", out _));
        var messages = (await gateway.OkAsync("chat.history", new { sessionKey = "main" })).GetProperty("messages");
        Assert.Equal("/help", messages[0].GetProperty("text").GetString());
        Assert.StartsWith("Commands:\n  /help", messages[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(messages.EnumerateArray(), m => m.GetProperty("role").GetString() == "assistant");
        Assert.DoesNotContain(ws.Events, e => e.GetProperty("event").GetString() == "chat");
    }

    [Fact]
    public async Task SessionKey_Switch_ReturnsTheAction_WithoutStoringABinding()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CreateAsync("Project X");

        var result = await gateway.OkAsync("chat.send", new { sessionKey = "main", message = "/session switch project" });

        var command = result.GetProperty("command");
        Assert.Equal("Switched to 'Project X' (project-x).", command.GetProperty("reply").GetString());
        Assert.Equal("project-x", command.GetProperty("action").GetProperty("key").GetString());
        Assert.Equal(0, gateway.Service<Cairn.Store.PeerBindingStore>().Count());
    }

    [Fact]
    public async Task SlashThatIsNoCommand_GoesToTheModel()
    {
        await using var gateway = await TestGateway.StartAsync();

        var result = await gateway.OkAsync("chat.send", new { sessionKey = "main", message = "/usr/bin is a path", wait = true });

        Assert.Equal("final", result.GetProperty("status").GetString());
        Assert.StartsWith("Echo: /usr/bin is a path", result.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_Reset_OfPersistentSession_IsRefused_AndTheTranscriptIsKept()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.OkAsync("chat.send", new { peer = "cli:ann", message = "/session new Diary" });
        await gateway.OkAsync("chat.send", new { peer = "cli:ann", message = "dear diary", wait = true });
        var before = gateway.Session("diary")!.SessionId;

        var result = await gateway.OkAsync("chat.send", new { peer = "cli:ann", message = "/reset" });

        Assert.Contains("/session persist off", result.GetProperty("command").GetProperty("reply").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, gateway.Session("diary")!.SessionId);
        Assert.Contains("dear diary", Texts(await gateway.OkAsync("chat.history", new { sessionKey = "diary" })));
    }

    [Fact]
    public async Task Peer_SwitchThenGatewayRestart_NextMessageStillGoesToTheSwitchedSession()
    {
        using var dir = new TempDir();
        await using (var first = await TestGateway.StartAsync(dataDir: dir.Path))
        {
            await first.CreateAsync("Garden");
            var switched = await first.OkAsync("chat.send", new { peer = "cli:ann", message = "/session switch garden" });
            Assert.Equal("garden", switched.GetProperty("command").GetProperty("action").GetProperty("key").GetString());
        }

        await using var second = await TestGateway.StartAsync(dataDir: dir.Path);
        var talked = await second.OkAsync("chat.send", new { peer = "cli:ann", message = "tomatoes", wait = true });
        var active = await second.OkAsync("sessions.active", new { peer = "cli:ann" });
        var stranger = await second.OkAsync("sessions.active", new { peer = "cli:bob" });

        Assert.Equal("garden", talked.GetProperty("sessionKey").GetString());
        Assert.Equal("garden", active.GetProperty("entry").GetProperty("key").GetString());
        Assert.Equal("main", stranger.GetProperty("entry").GetProperty("key").GetString());
    }

    [Fact]
    public async Task SessionsActive_RejectsAnEmptyPeer()
    {
        await using var gateway = await TestGateway.StartAsync();

        var reply = await gateway.CallAsync("sessions.active", new { peer = "" });

        Assert.Equal("INVALID_REQUEST", reply.ErrorCode);
    }

    [Fact]
    public async Task Peer_DeleteCurrentSession_MovesThePeerBackToMain()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.OkAsync("chat.send", new { peer = "cli:ann", message = "/session new Scratch" });
        await gateway.OkAsync("chat.send", new { peer = "cli:ann", message = "/session persist off" });

        var deleted = await gateway.OkAsync("chat.send", new { peer = "cli:ann", message = "/session delete" });
        var next = await gateway.OkAsync("chat.send", new { peer = "cli:ann", message = "/session info" });

        Assert.Equal("main", deleted.GetProperty("command").GetProperty("action").GetProperty("key").GetString());
        Assert.StartsWith("Main (key main)", next.GetProperty("command").GetProperty("reply").GetString(), StringComparison.Ordinal);
        Assert.Null(gateway.Session("scratch"));
    }

    private static IEnumerable<string?> Roles(JsonElement history) =>
        history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString());

    private static IEnumerable<string?> Texts(JsonElement history) =>
        history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString());
}
