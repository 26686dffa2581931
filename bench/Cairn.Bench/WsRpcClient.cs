using System.Diagnostics;
using System.Threading.Channels;
using Cairn.Client;
using Cairn.Protocol;

namespace Cairn.Bench;

/// <summary>A <c>chat</c> event of the watched session as this client received it, stamped on arrival (Stopwatch ticks).</summary>
internal sealed record ChatArrival(string RunId, RunState State, int TextLength, long ReceivedAt);

/// <summary>
/// A WebSocket client of the gateway (<see cref="CairnConnection"/>): requests matched to replies by id, and the
/// <c>chat</c> events of one watched session queued with their arrival time. Other events are only counted.
/// </summary>
internal sealed class WsRpcClient : IRpcClient
{
    private readonly CairnConnection _connection;
    private readonly IDisposable _watching;
    private volatile string? _watched;
    private Channel<ChatArrival> _chat = Channel.CreateUnbounded<ChatArrival>();
    private long _events;
    private long _chatDeltas;

    private WsRpcClient(CairnConnection connection)
    {
        _connection = connection;
        _watching = connection.Subscribe(OnEvent);
    }

    public string Transport => "ws";

    public long EventsReceived => Interlocked.Read(ref _events);

    /// <summary>Every <c>chat</c> delta this client received, whichever session it was for.</summary>
    public long ChatDeltasReceived => Interlocked.Read(ref _chatDeltas);

    public ChannelReader<ChatArrival> ChatEvents => _chat.Reader;

    public static async Task<WsRpcClient> ConnectAsync(Uri address, string token, CancellationToken ct) =>
        new(await CairnConnection.ConnectAsync(address, new CairnConnectionOptions
        {
            Token = token,
            Client = new ConnectClient("cairn-bench", "1"),
            RequestTimeout = Rpc.Timeout,
            EventBufferCapacity = 0,
        }, ct));

    /// <summary>
    /// Queue the <c>chat</c> events of this session (and drop every other session's). Unless
    /// <paramref name="allSessions"/>, the gateway is asked for this session's only (<c>events.subscribe</c>), as
    /// the web UI does.
    /// </summary>
    public async Task WatchAsync(string sessionKey, bool allSessions, CancellationToken ct)
    {
        _chat = Channel.CreateUnbounded<ChatArrival>();
        _watched = sessionKey;
        await _connection.CallAsync<EventsSubscribeResult>("events.subscribe", new EventsSubscribeParams(allSessions ? null : [sessionKey]), ct);
    }

    public Task<T> CallAsync<T>(string method, object? parameters, CancellationToken ct) => _connection.CallAsync<T>(method, parameters, ct);

    public async ValueTask DisposeAsync()
    {
        _watching.Dispose();
        await _connection.DisposeAsync();
    }

    private void OnEvent(ServerEvent evt)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _events);
        if (evt.Payload is not ChatEvent chat)
        {
            return;
        }

        if (chat.State == RunState.Delta)
        {
            Interlocked.Increment(ref _chatDeltas);
        }

        if (_watched is { } watched && chat.SessionKey == watched)
        {
            _chat.Writer.TryWrite(new ChatArrival(chat.RunId, chat.State, chat.Text.Length, receivedAt));
        }
    }
}
