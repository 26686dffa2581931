using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Cairn.Cli;

namespace Cairn.Bench;

/// <summary>A <c>chat</c> event as this client received it, stamped on arrival (Stopwatch ticks).</summary>
internal sealed record ChatEvent(string RunId, string State, int TextLength, long ReceivedAt);

/// <summary>
/// A WebSocket client of the gateway: <c>connect</c> with the token, requests matched to replies by id, and
/// the <c>chat</c> events of one watched session queued with their arrival time. Other events are counted.
/// </summary>
internal sealed class WsRpcClient : IRpcClient
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private Task _reader = Task.CompletedTask;
    private volatile string? _watched;
    private Channel<ChatEvent> _chat = Channel.CreateUnbounded<ChatEvent>();
    private long _nextId;
    private long _events;
    private long _chatDeltas;

    public string Transport => "ws";

    public long EventsReceived => Interlocked.Read(ref _events);

    /// <summary>Every <c>chat</c> delta this client received, whichever session it was for.</summary>
    public long ChatDeltasReceived => Interlocked.Read(ref _chatDeltas);

    public ChannelReader<ChatEvent> ChatEvents => _chat.Reader;

    public static async Task<WsRpcClient> ConnectAsync(Uri address, string token, CancellationToken ct)
    {
        var client = new WsRpcClient();
        var ws = new UriBuilder(address) { Scheme = address.Scheme == "https" ? "wss" : "ws", Path = "/ws" }.Uri;
        await client._socket.ConnectAsync(ws, ct);
        client._reader = client.ReadLoopAsync();
        await client.CallAsync("connect", new { token, client = new { name = "cairn-bench", version = "1" } }, ct);
        return client;
    }

    /// <summary>Queue the <c>chat</c> events of this session (and drop every other session's).</summary>
    public void Watch(string sessionKey)
    {
        _chat = Channel.CreateUnbounded<ChatEvent>();
        _watched = sessionKey;
    }

    public async Task<JsonElement> CallAsync(string method, object? parameters, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { type = "req", id, method, @params = parameters }, Rpc.Json);
        await _sendGate.WaitAsync(ct);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            _sendGate.Release();
        }

        JsonElement frame;
        try
        {
            frame = await reply.Task.WaitAsync(Rpc.Timeout, ct);
        }
        catch (TimeoutException)
        {
            throw new RpcError(method, "TIMEOUT", $"no reply within {Rpc.Timeout.TotalSeconds} s");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }

        if (frame.GetProperty("ok").ValueKind == JsonValueKind.True)
        {
            return frame.TryGetProperty("payload", out var payload) ? payload : default;
        }

        throw Rpc.ErrorFrom(method, frame.TryGetProperty("error", out var error) ? error : default);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The gateway went first; nothing to close.
        }

        await _reader;
        _socket.Dispose();
        _sendGate.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && await WebSocketMessages.ReceiveAsync(_socket, buffer, message))
            {
                OnFrame(message.GetBuffer().AsMemory(0, (int)message.Length), Stopwatch.GetTimestamp());
            }
        }
        catch (WebSocketException)
        {
            // Connection lost: pending requests fail below.
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new RpcError("(ws)", "CLOSED", "the WebSocket closed"));
            }
        }
    }

    private void OnFrame(ReadOnlyMemory<byte> bytes, long receivedAt)
    {
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString();
        if (type == "res")
        {
            var id = root.TryGetProperty("id", out var idElement) ? idElement.ToString() : "";
            if (_pending.TryGetValue(id, out var reply))
            {
                reply.TrySetResult(root.Clone());
            }

            return;
        }

        Interlocked.Increment(ref _events);
        if (type == "event" && root.GetProperty("event").GetString() == "chat")
        {
            var payload = root.GetProperty("payload");
            if (payload.GetProperty("state").GetString() == "delta")
            {
                Interlocked.Increment(ref _chatDeltas);
            }

            if (_watched is { } watched && payload.GetProperty("sessionKey").GetString() == watched)
            {
                var text = payload.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!.Length : 0;
                _chat.Writer.TryWrite(new ChatEvent(payload.GetProperty("runId").GetString()!, payload.GetProperty("state").GetString()!, text, receivedAt));
            }
        }
    }
}
