using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Protocol;

/// <summary>
/// A connection gets the chat events of the sessions it shows (issue 20: every delta went to every client):
/// <c>events.subscribe {chat}</c> and <c>connect {chat}</c> narrow them; <c>sessions.changed</c> still reaches all.
/// </summary>
public sealed class EventSubscriptionTests
{
    [Fact]
    public async Task ChatEvents_GoOnlyToConnectionsWatchingThatSession_SessionsChangedToAll()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        await using var watchesMain = await gw.ConnectWsAsync();
        await using var watchesWork = await gw.ConnectWsAsync();
        await using var watchesAll = await gw.ConnectWsAsync();
        var narrowed = await watchesMain.CallAsync<EventsSubscribeResult>("events.subscribe", new EventsSubscribeParams(["main", "main"]));
        await watchesWork.CallAsync<EventsSubscribeResult>("events.subscribe", new EventsSubscribeParams(["work"]));

        var inMain = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("one", SessionKey: "main", Wait: true));
        var inWork = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("two", SessionKey: "work", Wait: true));
        await gw.OkAsync("sessions.patch", new SessionsPatchParams("work", Description: "marker"));

        Assert.Equal(["main"], narrowed.Chat);
        foreach (var client in new[] { watchesMain, watchesWork, watchesAll })
        {
            await client.NextEventAsync<SessionsChangedEvent>(e => e.Entry?.Description == "marker");
        }

        Assert.Equal([inMain.RunId!], RunsSeen(watchesMain));
        Assert.Equal([inWork.RunId!], RunsSeen(watchesWork));
        Assert.Equal([inMain.RunId!, inWork.RunId!], RunsSeen(watchesAll));
    }

    [Fact]
    public async Task ConnectWithChat_NarrowsFromTheStart_AndNullWidensAgain()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var client = await gw.ConnectWsAsync(handshake: false);
        await client.RequestAsync("connect", new { token = gw.Token, client = new { name = "test" }, chat = Array.Empty<string>() });

        var quiet = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("unheard", SessionKey: "main", Wait: true));
        var widened = await client.CallAsync<EventsSubscribeResult>("events.subscribe", new EventsSubscribeParams(Chat: null));
        var heard = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("heard", SessionKey: "main", Wait: true));
        await client.NextEventAsync<ChatEvent>(e => e.RunId == heard.RunId && e.State == RunState.Final);

        Assert.Null(widened.Chat);
        Assert.DoesNotContain(quiet.RunId, RunsSeen(client));
    }

    [Fact]
    public async Task BadFilters_AndHttp_AreRefusedWithInvalidRequest()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var client = await gw.ConnectWsAsync();

        var badKey = await client.RequestAsync<EventsSubscribeResult>("events.subscribe", new EventsSubscribeParams(["Not A Key"]));
        var tooMany = await client.RequestAsync<EventsSubscribeResult>("events.subscribe",
            new EventsSubscribeParams([.. Enumerable.Range(0, EventsSubscribeParams.MaxChatKeys + 1).Select(i => $"s{i}")]));
        var overHttp = await gw.RequestAsync<EventsSubscribeResult>("events.subscribe", new EventsSubscribeParams(["main"]));
        await using var badConnect = await gw.ConnectWsAsync(handshake: false);
        var refusedConnect = await badConnect.Connection.RequestAsync<object>("connect", new { token = gw.Token, chat = new[] { "UPPER" } });

        Assert.Equal(ErrorCode.InvalidRequest, badKey.Error!.Code);
        Assert.Equal(ErrorCode.InvalidRequest, tooMany.Error!.Code);
        Assert.Equal(ErrorCode.InvalidRequest, overHttp.Error!.Code);
        Assert.Contains("WebSocket", overHttp.Error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.InvalidRequest, refusedConnect.Error!.Code);
    }

    [Fact]
    public void Hub_MovesASubscriberBetweenFilters_AndForgetsItOnDispose()
    {
        var hub = new EventHub();
        var got = new List<string>();
        var subscription = hub.Subscribe("c1", e => got.Add(((ChatEvent)e.Payload).SessionKey));
        void Publish(string key) => hub.Publish(new ChatEvent("r", key, 1, RunState.Delta, "x"));

        Publish("a");
        subscription.SetChat(["b"]);
        Publish("a");
        Publish("b");
        subscription.SetChat(["a", "c"]);
        Publish("b");
        Publish("c");
        subscription.SetChat(null);
        Publish("z");
        subscription.Dispose();
        Publish("z");

        Assert.Equal(["a", "b", "c", "z"], got);
        Assert.Null(hub.OfConnection("c1"));
        Assert.Equal(0, hub.SubscriberCount);
    }

    private static List<string> RunsSeen(WsTestClient client) =>
        [.. client.PendingEvents.Select(e => e.Payload).OfType<ChatEvent>().Select(e => e.RunId).Distinct()];
}
