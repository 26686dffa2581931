using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Cairn.Cli;

namespace Cairn.Tests.Security;

/// <summary>
/// A lean WebSocket client for load and fuzz tests: requests matched to responses by id (several may be in
/// flight), events only counted, so thousands of frames cost neither memory nor scanning time.
/// </summary>
internal sealed class LoadWsClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new(StringComparer.Ordinal);
    private readonly Channel<JsonElement> _unmatched = Channel.CreateUnbounded<JsonElement>();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Task _reader;
    private long _nextId;
    private long _events;
    private readonly ConcurrentDictionary<string, long> _eventCounts = new(StringComparer.Ordinal);

    private LoadWsClient(ClientWebSocket socket)
    {
        _socket = socket;
        _reader = ReadLoopAsync();
    }

    public long EventCount => Interlocked.Read(ref _events);

    /// <summary>Events seen, by name (and by reason for <c>sessions.changed</c>, e.g. <c>sessions.changed:created</c>).</summary>
    public long EventsOf(string name) => _eventCounts.GetValueOrDefault(name);

    /// <summary>
    /// The next response that named no pending request (e.g. id null for a frame that was not JSON). Meaningful
    /// when one caller owns the connection and sends one frame at a time.
    /// </summary>
    public async Task<JsonElement> NextUnmatchedAsync() => await _unmatched.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<LoadWsClient> ConnectAsync(Uri address, string? token)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(address) { Scheme = "ws", Path = "/ws" }.Uri, CancellationToken.None);
        var client = new LoadWsClient(socket);
        var hello = await client.RequestAsync("connect", JsonSerializer.Serialize(new { token, client = new { name = "security-load", version = "1" } }));
        if (!hello.GetProperty("ok").GetBoolean())
        {
            throw new InvalidOperationException($"connect failed: {hello}");
        }

        return client;
    }

    public Task<JsonElement> RequestAsync(string method, string paramsJson)
    {
        var id = "r" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        return SendAndWaitAsync(id, $$"""{"type":"req","id":"{{id}}","method":{{JsonSerializer.Serialize(method)}},"params":{{paramsJson}}}""");
    }

    /// <summary>Sends any text; when <paramref name="id"/> is given, waits for the response naming it.</summary>
    public async Task<JsonElement> SendAndWaitAsync(string id, string frame)
    {
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await SendTextAsync(frame);
        try
        {
            return await reply.Task.WaitAsync(Timeout);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public async Task SendTextAsync(string frame)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
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
                Dispatch(JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length)).RootElement.Clone());
            }
        }
        catch (WebSocketException)
        {
            // Connection lost: the pending requests fail below.
        }
        finally
        {
            var closed = new WebSocketException($"socket closed: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(closed);
            }

            _unmatched.Writer.TryComplete(closed);
        }
    }

    private void Dispatch(JsonElement frame)
    {
        if (frame.GetProperty("type").GetString() == "event")
        {
            var name = frame.GetProperty("event").GetString()!;
            if (name == "sessions.changed")
            {
                name += ":" + frame.GetProperty("payload").GetProperty("reason").GetString();
            }

            _eventCounts.AddOrUpdate(name, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _events);
            return;
        }

        if (frame.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && _pending.TryGetValue(id.GetString()!, out var waiting))
        {
            waiting.TrySetResult(frame);
            return;
        }

        _unmatched.Writer.TryWrite(frame);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
        await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _sendLock.Dispose();
    }
}
