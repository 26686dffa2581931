using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Cairn.Cli;

namespace Cairn.Tests.Support;

/// <summary>A small WebSocket client of the gateway protocol: requests by id, events queued in order.</summary>
public sealed class WsTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonElement> _frames = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _reader;
    private int _nextId;

    public WsTestClient(ClientWebSocket socket)
    {
        _socket = socket;
        _reader = ReadLoopAsync();
    }

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public List<JsonElement> Events { get; } = [];

    public async Task<JsonElement> RequestAsync(string method, object? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendRawAsync(JsonSerializer.Serialize(new { type = "req", id, method, @params = parameters }));
        return await NextAsync(f => f.GetProperty("type").GetString() == "res" && f.TryGetProperty("id", out var i) && i.ToString() == id);
    }

    public async Task SendRawAsync(string text) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type) =>
        await _socket.SendAsync(bytes, type, true, CancellationToken.None);

    /// <summary>The next frame matching <paramref name="match"/>; events seen on the way are kept in <see cref="Events"/>.</summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool> match)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var pending = Events.FirstOrDefault(match);
        if (pending.ValueKind != JsonValueKind.Undefined)
        {
            Events.Remove(pending);
            return pending;
        }

        while (true)
        {
            var frame = await _frames.Reader.ReadAsync(timeout.Token);
            if (match(frame))
            {
                return frame;
            }

            if (frame.GetProperty("type").GetString() == "event")
            {
                Events.Add(frame);
            }
        }
    }

    public Task<JsonElement> NextEventAsync(string name, Func<JsonElement, bool>? where = null) =>
        NextAsync(f => f.GetProperty("type").GetString() == "event" && f.GetProperty("event").GetString() == name
            && (where is null || where(f.GetProperty("payload"))));

    /// <summary>Waits until the server closes the socket (or the timeout passes).</summary>
    public async Task WaitClosedAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await _reader.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && await WebSocketMessages.ReceiveAsync(_socket, buffer, message))
            {
                _frames.Writer.TryWrite(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
            }

            // Answer the server's close handshake, as a browser does.
            if (_socket.State == WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }

        _socket.Dispose();
    }
}
