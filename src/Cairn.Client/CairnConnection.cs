using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Cairn.Protocol;

namespace Cairn.Client;

/// <summary>
/// One WebSocket connection to a gateway's <c>/ws</c>: the <c>connect</c> handshake, requests matched to replies by
/// id (each with a timeout), typed results and errors, typed events (pushed to subscribers and buffered for
/// <see cref="NextEventAsync{TPayload}"/>), the close code, and optionally reconnecting with backoff.
/// </summary>
public sealed partial class CairnConnection : IAsyncDisposable
{
    private const string Connect = "connect";
    private readonly Uri _gateway;
    private readonly CairnConnectionOptions _options;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InboundFrame>> _pending = new(StringComparer.Ordinal);
    private readonly Channel<InboundFrame> _unmatched = Channel.CreateBounded<InboundFrame>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly EventInbox _events;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ClientWebSocket _socket;
    private volatile TaskCompletionSource _ready;
    private Task _reader = Task.CompletedTask;
    private long _nextId;
    private volatile bool _disposing;
    private volatile bool _refused;

    private CairnConnection(Uri gateway, CairnConnectionOptions options, ClientWebSocket socket)
    {
        _gateway = gateway;
        _options = options;
        _socket = socket;
        _events = new EventInbox(options.EventBufferCapacity);
        _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ready.SetResult();
    }

    /// <summary>The gateway's hello from the last <c>connect</c>; null before the handshake.</summary>
    public Hello? Hello { get; private set; }

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    /// <summary>Completes when the connection has ended for good (closed, and not reconnecting).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Raised (on the reader) after a lost connection was opened again and <c>connect</c> succeeded.</summary>
    public event Action<Hello>? Reconnected;

    /// <summary>Opens <c>/ws</c> and sends <c>connect</c>; a refused handshake throws <see cref="CairnCallException"/>.</summary>
    public static async Task<CairnConnection> ConnectAsync(Uri gateway, CairnConnectionOptions options, CancellationToken ct = default)
    {
        var connection = await OpenAsync(gateway, options, ct);
        try
        {
            await connection.HandshakeAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <c>/ws</c> without the handshake, for a caller that sends <c>connect</c> itself (or deliberately not).</summary>
    public static async Task<CairnConnection> OpenAsync(Uri gateway, CairnConnectionOptions options, CancellationToken ct = default)
    {
        var connection = new CairnConnection(gateway, options, await OpenSocketAsync(gateway, options, ct));
        connection._reader = connection.RunAsync();
        return connection;
    }

    /// <summary>The WebSocket address of a gateway: <c>http://host:port/</c> becomes <c>ws://host:port/ws</c>.</summary>
    public static Uri WebSocketUrl(Uri gateway, string query = "") => new UriBuilder(gateway)
    {
        Scheme = gateway.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs,
        Path = gateway.AbsolutePath.TrimEnd('/') + "/ws",
        Query = query.TrimStart('?'),
    }.Uri;

    /// <summary>Sends <c>connect</c> with the token and client name of the options; returns the hello.</summary>
    public async Task<Hello> HandshakeAsync(CancellationToken ct = default)
    {
        Hello = await CallAsync<Hello>(Connect, new ConnectParams(_options.Token, _options.Client), ct);
        return Hello;
    }

    /// <summary>Calls a method; returns its result, or throws <see cref="CairnCallException"/> with the gateway's error.</summary>
    public async Task<TResult> CallAsync<TResult>(string method, object? parameters = null, CancellationToken ct = default) =>
        (await RequestAsync<TResult>(method, parameters, ct)).Result;

    /// <summary>Calls a method; returns its result or its error as a value.</summary>
    public async Task<RpcReply<TResult>> RequestAsync<TResult>(string method, object? parameters = null, CancellationToken ct = default)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var frame = JsonSerializer.SerializeToUtf8Bytes(new RequestFrame("req", id, method, parameters), ProtocolJson.Options);
        var reply = await ExchangeAsync(id, method, frame, ct);
        return Replies.From<TResult>(method, reply.Ok == true, reply.Payload, reply.Error) with { Id = reply.IdText };
    }

    /// <summary>Sends text exactly as given (malformed on purpose, say); its reply comes from <see cref="NextResponseAsync"/>.</summary>
    public Task SendRawAsync(string text, CancellationToken ct = default) =>
        SendRawAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);

    /// <summary>Sends one frame (or a fragment of one) exactly as given.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type, bool endOfMessage = true, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        await SendAsync(bytes, type, endOfMessage, timeout.Token);
    }

    /// <summary>The next reply that answers no request of this client: one to a raw frame, or one without an id.</summary>
    public async Task<RpcReply<JsonElement>> NextResponseAsync(CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            var frame = await _unmatched.Reader.ReadAsync(timeout.Token);
            return Replies.From<JsonElement>("", frame.Ok == true, frame.Payload, frame.Error) with { Id = frame.IdText };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw NoAnswer("a reply");
        }
        catch (ChannelClosedException ex)
        {
            throw Lost(ex);
        }
    }

    /// <summary>The first event whose payload is a <typeparamref name="TPayload"/> and matches, buffered or still to come.</summary>
    public async Task<TPayload> NextEventAsync<TPayload>(Func<TPayload, bool>? match = null, CancellationToken ct = default) =>
        (TPayload)(await NextEventAsync(e => e.Payload is TPayload p && (match is null || match(p)), ct)).Payload;

    /// <summary>The first event that matches, with its name and sequence number.</summary>
    public Task<ServerEvent> NextEventAsync(Func<ServerEvent, bool> match, CancellationToken ct = default) =>
        _events.NextAsync(match, _options.EventTimeout, ct);

    /// <summary>Events received and kept that no <c>NextEventAsync</c> has taken yet, oldest first.</summary>
    public IReadOnlyList<ServerEvent> PendingEvents => _events.Pending();

    /// <summary>Calls <paramref name="handler"/> (on the reader: keep it short) for every event; dispose to stop.</summary>
    public IDisposable Subscribe(Action<ServerEvent> handler) => _events.Subscribe(handler);

    /// <summary>Calls <paramref name="handler"/> for every event whose payload is a <typeparamref name="TPayload"/>.</summary>
    public IDisposable Subscribe<TPayload>(Action<TPayload> handler) => _events.Subscribe(e =>
    {
        if (e.Payload is TPayload payload)
        {
            handler(payload);
        }
    });

    public async ValueTask DisposeAsync()
    {
        if (_disposing)
        {
            return;
        }

        _disposing = true;
        await _stopping.CancelAsync();
        var socket = _socket;
        if (socket.State == WebSocketState.Open)
        {
            await CloseOutputAsync(socket, "bye");
        }

        // The gateway answers the close at once; a gateway that does not is cut off.
        await _reader.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        socket.Abort();
        await _reader;

        // The send lock and the stop token stay undisposed: a late caller gets "connection closed", not ObjectDisposedException.
        socket.Dispose();
    }

    private async Task<InboundFrame> ExchangeAsync(string id, string method, ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        var answer = new TaskCompletionSource<InboundFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            if (method != Connect)
            {
                await _ready.Task.WaitAsync(timeout.Token);
            }

            if (_closed.Task.IsCompleted)
            {
                throw Lost();
            }

            await SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            return await answer.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw NoAnswer(method);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type, bool endOfMessage, CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct);
        try
        {
            await _socket.SendAsync(bytes, type, endOfMessage, ct);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            throw Lost(ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private GatewayUnreachableException Lost(Exception? inner = null) => new(_gateway, "the connection was closed", inner);

    private GatewayUnreachableException NoAnswer(string what) =>
        new(_gateway, $"no answer to {what} within {_options.RequestTimeout.TotalSeconds:0.#} seconds");
}
