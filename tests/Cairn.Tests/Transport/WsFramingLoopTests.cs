using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Cairn.Gateway;
using Cairn.Protocol;
using Cairn.Transport;

namespace Cairn.Tests.Transport;

/// <summary>The framing loop alone, on a real socket pair: whole messages up, frames out, closes carried out.</summary>
public sealed class WsFramingLoopTests
{
    [Fact]
    public async Task TextMessageSentInPieces_IsHandedUpWhole()
    {
        using var pair = await WebSocketPair.CreateAsync();
        var handler = new RecordingHandler();
        using var frames = new WsFramingLoop(pair.Server, maxMessageBytes: 64);
        var run = frames.RunAsync(handler, CancellationToken.None);

        await pair.SendAsync("""{"type":""", endOfMessage: false);
        await pair.SendAsync(""" "req"}""");
        await pair.CloseClientAsync();
        await WebSocketPair.WithinTimeoutAsync(run);

        Assert.Equal(["""{"type": "req"}"""], handler.Messages);
        Assert.True(handler.ReadEnded);
    }

    [Fact]
    public async Task MessageAtTheLimit_IsHandedUp()
    {
        using var pair = await WebSocketPair.CreateAsync();
        var handler = new RecordingHandler();
        using var frames = new WsFramingLoop(pair.Server, maxMessageBytes: 16);
        var run = frames.RunAsync(handler, CancellationToken.None);

        await pair.SendAsync(new string('a', 16));
        await pair.CloseClientAsync();
        await WebSocketPair.WithinTimeoutAsync(run);

        Assert.Equal([new string('a', 16)], handler.Messages);
        Assert.Null(frames.CloseReason);
    }

    [Fact]
    public async Task OversizedMessage_IsAnsweredPayloadTooLarge_AndClosedWithMessageTooBig()
    {
        using var pair = await WebSocketPair.CreateAsync();
        var handler = new RecordingHandler();
        using var frames = new WsFramingLoop(pair.Server, maxMessageBytes: 16);
        var run = frames.RunAsync(handler, CancellationToken.None);

        await pair.SendAsync(new string('a', 10), endOfMessage: false);
        await pair.SendAsync(new string('a', 10));
        var answer = await pair.ReceiveAsync();
        var close = await pair.ReceiveAsync();
        await WebSocketPair.WithinTimeoutAsync(run);

        using var response = JsonDocument.Parse(answer!);
        var error = response.RootElement.GetProperty("error");
        Assert.Equal("res", response.RootElement.GetProperty("type").GetString());
        Assert.False(response.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("PAYLOAD_TOO_LARGE", error.GetProperty("code").GetString());
        Assert.Equal("Frame larger than 16 bytes.", error.GetProperty("message").GetString());
        Assert.Null(close);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, pair.Client.CloseStatus);
        Assert.Equal("Frame larger than 16 bytes.", pair.Client.CloseStatusDescription);
        Assert.Empty(handler.Messages);
        Assert.True(handler.ReadEnded);
    }

    [Fact]
    public async Task BinaryMessage_IsHandedUpAsUnreadable_AndReadingContinues()
    {
        using var pair = await WebSocketPair.CreateAsync();
        var handler = new RecordingHandler();
        using var frames = new WsFramingLoop(pair.Server, maxMessageBytes: 64);
        var run = frames.RunAsync(handler, CancellationToken.None);

        await pair.SendAsync("{}"u8.ToArray(), WebSocketMessageType.Binary);
        await pair.SendAsync("[]");
        await pair.CloseClientAsync();
        await WebSocketPair.WithinTimeoutAsync(run);

        Assert.Equal(["Only JSON text frames are accepted."], handler.Unreadable);
        Assert.Equal(["[]"], handler.Messages);
    }

    [Fact]
    public async Task InvalidUtf8InATextMessage_ClosesWithInvalidPayloadData_AsALostConnection()
    {
        using var pair = await WebSocketPair.CreateAsync();
        var handler = new RecordingHandler();
        using var frames = new WsFramingLoop(pair.Server, maxMessageBytes: 64);
        var run = frames.RunAsync(handler, CancellationToken.None);

        await pair.SendAsync([(byte)'"', 0xC3, 0x28, (byte)'"'], WebSocketMessageType.Text);
        var close = await pair.ReceiveAsync();
        await WebSocketPair.WithinTimeoutAsync(run);

        Assert.Null(close);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, pair.Client.CloseStatus);
        Assert.Equal("connection lost", frames.CloseReason);
        Assert.Empty(handler.Messages);
        Assert.True(handler.ReadEnded);
    }

    [Fact]
    public async Task ClientClose_EndsTheLoop_AndIsAnsweredWithANormalClose()
    {
        using var pair = await WebSocketPair.CreateAsync();
        var handler = new RecordingHandler();
        using var frames = new WsFramingLoop(pair.Server, maxMessageBytes: 64);
        var run = frames.RunAsync(handler, CancellationToken.None);

        await pair.CloseClientAsync();
        var close = await pair.ReceiveAsync();
        await WebSocketPair.WithinTimeoutAsync(run);

        Assert.Null(close);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, pair.Client.CloseStatus);
        Assert.Equal("bye", pair.Client.CloseStatusDescription);
        Assert.Null(frames.CloseReason);
        Assert.True(handler.ReadEnded);
    }

    [Fact]
    public async Task ResponseLargerThanSeveralChunks_ArrivesAsOneWholeMessage_InOrder()
    {
        using var pair = await WebSocketPair.CreateAsync();
        var handler = new RecordingHandler();
        using var frames = new WsFramingLoop(pair.Server, maxMessageBytes: 64);
        var run = frames.RunAsync(handler, CancellationToken.None);
        var text = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"{i} ")) + "é\u2028\"end";

        frames.Send(new ResponseFrame("res", null, true, new { text }, null));
        frames.Send(ResponseFrame.Fail(null, ErrorCode.Unavailable, "after"));
        var big = await pair.ReceiveAsync();
        var after = await pair.ReceiveAsync();
        await pair.CloseClientAsync();
        await WebSocketPair.WithinTimeoutAsync(run);

        Assert.True(big!.Length > 3 * PooledFrame.ChunkBytes, $"the frame is {big.Length} bytes");
        using var json = JsonDocument.Parse(big);
        Assert.Equal(text, json.RootElement.GetProperty("payload").GetProperty("text").GetString());
        Assert.Contains("\"after\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloseFromServer_SendsWhatIsQueuedFirst_ThenTheCloseFrame()
    {
        using var pair = await WebSocketPair.CreateAsync();
        var handler = new RecordingHandler();
        using var frames = new WsFramingLoop(pair.Server, maxMessageBytes: 64);
        var run = frames.RunAsync(handler, CancellationToken.None);

        frames.Send(ResponseFrame.Fail(null, ErrorCode.Unavailable, "first"));
        frames.CloseFromServer(WebSocketCloseStatus.EndpointUnavailable, "going away", TimeSpan.FromSeconds(5));
        var first = await pair.ReceiveAsync();
        var close = await pair.ReceiveAsync();
        await pair.CloseClientAsync();
        await WebSocketPair.WithinTimeoutAsync(run);

        Assert.Contains("\"first\"", first, StringComparison.Ordinal);
        Assert.Null(close);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, pair.Client.CloseStatus);
        Assert.Equal("going away", pair.Client.CloseStatusDescription);
        Assert.Equal("going away", frames.CloseReason);
    }

    [Fact]
    public async Task Abort_AnswersInFull_AndClosesWithTheReasonCutTo120Characters()
    {
        using var pair = await WebSocketPair.CreateAsync();
        var message = new string('m', 200);
        using var frames = new WsFramingLoop(pair.Server, maxMessageBytes: 64);
        var handler = new RecordingHandler
        {
            OnText = _ => frames.Abort(new MethodError(ErrorCode.Unauthorized, message), WebSocketCloseStatus.PolicyViolation),
        };
        var run = frames.RunAsync(handler, CancellationToken.None);

        await pair.SendAsync("{}");
        var answer = await pair.ReceiveAsync();
        var close = await pair.ReceiveAsync();
        await WebSocketPair.WithinTimeoutAsync(run);

        using var response = JsonDocument.Parse(answer!);
        Assert.Equal(message, response.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Null(close);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, pair.Client.CloseStatus);
        Assert.Equal(message[..120], pair.Client.CloseStatusDescription);
    }

    [Fact]
    public async Task Events_AreNumberedPerConnection_InOrder()
    {
        using var pair = await WebSocketPair.CreateAsync();
        using var frames = new WsFramingLoop(pair.Server, maxMessageBytes: 64);
        var run = frames.RunAsync(new RecordingHandler(), CancellationToken.None);

        frames.Send(new GatewayEvent("test.one", new { n = 1 }));
        frames.Send(new GatewayEvent("test.two", new { n = 2 }));
        var first = await pair.ReceiveAsync();
        var second = await pair.ReceiveAsync();
        await pair.CloseClientAsync();
        await WebSocketPair.WithinTimeoutAsync(run);

        Assert.Equal("""{"type":"event","event":"test.one","payload":{"n":1},"seq":1}""", first);
        Assert.Equal("""{"type":"event","event":"test.two","payload":{"n":2},"seq":2}""", second);
    }

    /// <summary>Keeps what the framing loop hands up; a hand-written fake.</summary>
    private sealed class RecordingHandler : IWsMessageHandler
    {
        private readonly ConcurrentQueue<string> _messages = new();
        private readonly ConcurrentQueue<string> _unreadable = new();
        private volatile bool _readEnded;

        public Action<string>? OnText { get; init; }

        public IReadOnlyList<string> Messages => [.. _messages];

        public IReadOnlyList<string> Unreadable => [.. _unreadable];

        public bool ReadEnded => _readEnded;

        public void OnMessage(ReadOnlyMemory<byte> message, CancellationToken ct)
        {
            var text = Encoding.UTF8.GetString(message.Span);
            _messages.Enqueue(text);
            OnText?.Invoke(text);
        }

        public void OnUnreadableMessage(string problem) => _unreadable.Enqueue(problem);

        public void OnReadEnded() => _readEnded = true;
    }
}
