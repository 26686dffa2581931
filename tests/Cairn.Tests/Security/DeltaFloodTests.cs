using System.Net.WebSockets;
using System.Text;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Security;

/// <summary>A model that streams faster than any client reads: its deltas are coalesced, so readers keep up and stay connected.</summary>
public sealed class DeltaFloodTests
{
    [Fact]
    public async Task ALongEchoReply_ReachesEveryReadingClient_WholeAndCoalesced_WithoutDisconnectingThem()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Model = c.Model with { ContextWindow = 40_000, MaxOutputTokens = 16_000 } });
        await using var first = await gw.ConnectWsAsync();
        await using var second = await gw.ConnectWsAsync();
        var words = string.Join(' ', Enumerable.Range(0, 8_000).Select(i => (i % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture)));

        var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(words, SessionKey: "main", Wait: true));

        Assert.Equal(SendStatus.Final, sent.Status);
        foreach (var client in new[] { first, second })
        {
            var text = new StringBuilder();
            var deltas = 0;
            ChatEvent evt;
            while ((evt = await client.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId)).State == RunState.Delta)
            {
                text.Append(evt.Text);
                deltas++;
            }

            Assert.Equal(RunState.Final, evt.State);
            Assert.Equal(sent.Message!.Text, evt.Text);
            Assert.Equal(evt.Text, text.ToString());
            Assert.InRange(deltas, 1, 200); // ~8,000 words in a few dozen events, not one each
            Assert.Equal(WebSocketState.Open, client.State);
        }
    }
}
