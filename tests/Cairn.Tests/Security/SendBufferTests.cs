using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Cairn.Protocol;
using Cairn.Tests.Support;
using Cairn.Transport;
using static Cairn.Tests.Security.WebSocketLimitTests;

namespace Cairn.Tests.Security;

/// <summary>
/// A WebSocket client that asks for large replies and never reads them: the gateway holds at most the send buffer's
/// bytes for it (not 2,048 frames of any size), then drops it, and other clients go on.
/// </summary>
public sealed class SendBufferTests
{
    [Fact]
    public async Task ClientPullingLargeHistoriesWithoutReading_IsDropped_OnceItsSendBufferIsFull()
    {
        await using var gw = await TestGateway.StartAsync();
        var rows = await FillMainAsync(gw, messages: 16); // a chat.history of main is then ~1 MB
        var hub = gw.Service<EventHub>();
        var others = hub.SubscriberCount;
        using var stalled = await OpenStalledAsync(gw);
        await WaitUntilAsync(() => hub.SubscriberCount == others + 1);

        // 60 replies of ~1 MB: far fewer frames than the outbox's frame cap, far more bytes than its byte cap (4 MiB by default).
        await PullHistoriesAsync(stalled, 60);

        await WaitUntilAsync(() => hub.SubscriberCount == others);
        await WaitUntilAsync(() => gw.Service<SendBudget>().UsedBytes == 0);
        await using var fresh = await gw.ConnectWsAsync();
        var history = await fresh.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main", Limit: 500));
        Assert.Equal(rows, history.Messages.Count);
    }

    [Fact]
    public async Task ClientsTogetherOverTheGatewayBudget_AreDropped_EachUnderItsOwnBuffer()
    {
        await using var gw = await TestGateway.StartAsync(c => c with
        {
            Gateway = c.Gateway with { Limits = c.Gateway.Limits with { SendBufferBytes = 256 * 1024 * 1024, SendBudgetBytes = 4 * 1024 * 1024 } },
        });
        var rows = await FillMainAsync(gw, messages: 16);
        var hub = gw.Service<EventHub>();
        var others = hub.SubscriberCount;
        using var first = await OpenStalledAsync(gw);
        using var second = await OpenStalledAsync(gw);
        await WaitUntilAsync(() => hub.SubscriberCount == others + 2);

        await PullHistoriesAsync(first, 40);
        await PullHistoriesAsync(second, 40);

        await WaitUntilAsync(() => hub.SubscriberCount == others);
        await WaitUntilAsync(() => gw.Service<SendBudget>().UsedBytes == 0);
        await using var fresh = await gw.ConnectWsAsync();
        Assert.Equal(rows, (await fresh.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main", Limit: 500))).Messages.Count);
    }

    private static async Task PullHistoriesAsync(ClientWebSocket socket, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await SendAsync(socket, $$$"""{"type":"req","id":"h{{{i}}}","method":"chat.history","params":{"sessionKey":"main","limit":500}}""");
        }
    }

    /// <summary>Sends <paramref name="messages"/> messages of 30,000 characters to main; returns how many rows its history then has.</summary>
    private static async Task<int> FillMainAsync(TestGateway gw, int messages)
    {
        var text = string.Concat(Enumerable.Repeat("ab.", 10_000)); // one "word" for the echo model, so it echoes it whole
        for (var i = 0; i < messages; i++)
        {
            await gw.CallAsync<JsonElement>("chat.send", new ChatSendParams(text + i, SessionKey: "main", Wait: true));
        }

        return (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main", Limit: 500))).Messages.Count;
    }

    /// <summary>A socket that connects and then never reads again.</summary>
    private static async Task<ClientWebSocket> OpenStalledAsync(TestGateway gw)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(gw.Host.Address) { Scheme = "ws", Path = "/ws" }.Uri, CancellationToken.None);
        await SendAsync(socket, $$$"""{"type":"req","id":"c","method":"connect","params":{"token":"{{{gw.Token}}}"}}""");
        return socket;
    }

    private static async Task SendAsync(ClientWebSocket socket, string frame)
    {
        using var timeout = new CancellationTokenSource(WsTestClient.Timeout);
        await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, timeout.Token);
    }
}
