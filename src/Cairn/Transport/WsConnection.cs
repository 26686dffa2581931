using System.Net.WebSockets;
using System.Text.Json;
using Cairn.Config;
using Cairn.Gateway;
using Cairn.Protocol;

namespace Cairn.Transport;

/// <summary>
/// One WebSocket client. A read loop parses frames and starts each request as its own task; a single write
/// loop sends responses and events in order from a bounded outbox, numbering events per connection.
/// The first request must be <c>connect</c> with the token, within the handshake time; anything else
/// closes the socket. Every frame takes a token from the connection's rate limiter.
/// </summary>
public sealed class WsConnection(
    WebSocket socket, WsPeer peer, MethodDispatcher dispatcher, EventHub events, GatewayAuth auth, AuthFailureLimiter authLimiter,
    CairnConfig config, TimeProvider time, ProviderInfo provider, IHostApplicationLifetime lifetime, ILogger<WsConnection> logger) : IDisposable
{
    public const int MaxInFlight = 64;

    private readonly CancellationTokenSource _closing = new();
    private readonly MessageRateLimiter _rate = new(config.Gateway.Limits, time);
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private readonly Lock _closeLock = new();
    private IDisposable? _subscription;
    private string _client = "unknown";
    private int _inFlight;
    private WsOutbox? _outbox;
    private (WebSocketCloseStatus Status, string Reason)? _closeWith;

    public async Task RunAsync(CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token);
        _outbox = new WsOutbox(socket, () => Drop(WebSocketCloseStatus.PolicyViolation, "client too slow: send buffer full"));
        var writer = _outbox.WriteLoopAsync(linked.Token);
        using var handshake = new CancellationTokenSource(TimeSpan.FromSeconds(config.Gateway.Limits.HandshakeSeconds), time);
        using var noConnect = handshake.Token.Register(() =>
        {
            if (_subscription is null)
            {
                CloseFromServer(WebSocketCloseStatus.PolicyViolation, "no 'connect' within the handshake time", TimeSpan.FromSeconds(5));
            }
        });

        // Gateway stopping: close 1001 at once so clients start reconnecting now, not after the host's drain timeout.
        using var stopping = lifetime.ApplicationStopping.Register(() =>
            CloseFromServer(WebSocketCloseStatus.EndpointUnavailable, "gateway shutting down", TimeSpan.FromSeconds(1)));
        try
        {
            await ReadLoopAsync(linked.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            SetClose(WebSocketCloseStatus.EndpointUnavailable, "connection lost");
        }
        finally
        {
            _subscription?.Dispose();
            _outbox.Complete();
            dispatcher.ConnectionClosed(_id);
        }

        if (!await writer)
        {
            SetClose(WebSocketCloseStatus.EndpointUnavailable, "send failed");
        }

        await CloseAsync();
        Log.SocketClosed(logger, _id, _closeWith?.Reason ?? "client closed");
    }

    public void Dispose() => _closing.Dispose();

    /// <summary>
    /// A close decided outside the read loop: flush what is queued, send the close frame, and let the read loop end
    /// when the client answers; a client that never answers is cut off after <paramref name="grace"/>.
    /// </summary>
    private void CloseFromServer(WebSocketCloseStatus status, string reason, TimeSpan grace)
    {
        SetClose(status, reason);
        _outbox!.PostClose(status, reason);
        CancelOnPool(grace);
    }

    private async Task ReadLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open && _closeWith is null)
        {
            message.SetLength(0);
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (message.Length + result.Count > config.Gateway.MaxPayloadBytes)
                {
                    Abort(new MethodError(ErrorCode.PayloadTooLarge, $"Frame larger than {config.Gateway.MaxPayloadBytes} bytes."), WebSocketCloseStatus.MessageTooBig);
                    return;
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType != WebSocketMessageType.Text)
            {
                if (Admit(null))
                {
                    Send(ResponseFrame.Fail(null, ErrorCode.InvalidRequest, "Only JSON text frames are accepted."));
                }

                continue;
            }

            HandleFrame(message.GetBuffer().AsMemory(0, (int)message.Length), ct);
        }
    }

    private void HandleFrame(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        using var document = WsRequest.Parse(bytes, out var problem);
        var id = document is null ? null : WsRequest.IdOf(document.RootElement);
        if (!Admit(id))
        {
            return;
        }

        if (document is null || WsRequest.TryRead(document.RootElement, out problem) is not { } request)
        {
            Send(ResponseFrame.Fail(id, ErrorCode.InvalidRequest, problem));
            return;
        }

        if (_subscription is null)
        {
            Connect(request);
        }
        else if (request.Method == "connect")
        {
            Send(ResponseFrame.Fail(id, ErrorCode.InvalidRequest, "Already connected."));
        }
        else if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            Send(ResponseFrame.Fail(id, ErrorCode.RateLimited, $"More than {MaxInFlight} requests are waiting for an answer; wait for some."));
        }
        else
        {
            _ = RunRequestAsync(request, ct);
        }
    }

    /// <summary>Takes a token for one incoming frame; answers RATE_LIMITED, or closes on sustained abuse.</summary>
    private bool Admit(JsonElement? id)
    {
        var limits = config.Gateway.Limits;
        switch (_rate.Take())
        {
            case RateDecision.Allow:
                return true;
            case RateDecision.Refuse:
                Send(ResponseFrame.Fail(id, ErrorCode.RateLimited,
                    $"More than {limits.MessagesPerSecond} messages a second (bursts of {limits.MessageBurst}); slow down."));
                return false;
            default:
                Log.Refused(logger, "/ws messages", _id, "rate limit ignored");
                Abort(new MethodError(ErrorCode.RateLimited, "Rate limit ignored for too long; closing the connection."),
                    WebSocketCloseStatus.PolicyViolation, id);
                return false;
        }
    }

    private async Task RunRequestAsync(WsRequest request, CancellationToken ct)
    {
        try
        {
            var outcome = await dispatcher.DispatchAsync(request.Method, request.Params, new MethodContext("ws", _client, _id), ct);
            Send(ResponseFrame.From(request.Id, outcome));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void Connect(WsRequest request)
    {
        if (request.Method != "connect")
        {
            Abort(new MethodError(ErrorCode.Unauthorized, "The first request must be 'connect' with the token."), WebSocketCloseStatus.PolicyViolation, request.Id);
            return;
        }

        var parsed = ParamsReader.Read<ConnectParams>(request.Params);
        if (parsed.Error is { } error)
        {
            Send(ResponseFrame.From(request.Id, error));
            return;
        }

        if (Authenticate(parsed.Value!.Token) is { } refused)
        {
            Abort(refused, WebSocketCloseStatus.PolicyViolation, request.Id);
            return;
        }

        _client = parsed.Value.Client?.Name is { Length: > 0 and <= 64 } name ? name : "unknown";
        var hello = Hello.Create(dispatcher.Table, config.Session.NamedSessionsEnabled, provider);
        Send(ResponseFrame.From(request.Id, new Outcome<object>(hello, null)));
        _subscription = events.Subscribe(Deliver);
        Log.SocketConnected(logger, _id, _client);
    }

    /// <summary>The token comes only from the <c>connect</c> params; the same lockout as <c>/api</c> applies.</summary>
    private MethodError? Authenticate(string? token)
    {
        if (!auth.Required)
        {
            return null;
        }

        if (authLimiter.LockedFor(peer.Address) is { } wait)
        {
            return ApiEndpoint.RateLimitedAuth(wait);
        }

        if (auth.Check(token))
        {
            return null;
        }

        if (token is { Length: > 0 })
        {
            authLimiter.RecordFailure(peer.Address);
        }

        Log.Refused(logger, "/ws connect", peer.Address?.ToString(), token is { Length: > 0 } ? "wrong token" : "no token");
        return new MethodError(ErrorCode.Unauthorized, "Missing or wrong token.");
    }

    // A client that stops reading must not hold events for everyone else: a full outbox drops it.
    private void Deliver(GatewayEvent evt) => _outbox!.Post(evt);

    private void Send(ResponseFrame frame) => _outbox!.Post(frame);

    /// <summary>Answers with <paramref name="error"/>, then closes with <paramref name="status"/> once the answer is out.</summary>
    private void Abort(MethodError error, WebSocketCloseStatus status, JsonElement? id = null)
    {
        SetClose(status, error.Message.Length > 120 ? error.Message[..120] : error.Message);
        Send(ResponseFrame.From(id, error));
    }

    /// <summary>Aborts now, from any thread (a client that does not read would not see a close frame anyway).</summary>
    private void Drop(WebSocketCloseStatus status, string reason)
    {
        SetClose(status, reason);
        CancelOnPool(TimeSpan.Zero);
    }

    // On the pool, so that a publisher delivering an event never runs this connection's teardown inline.
    private void CancelOnPool(TimeSpan delay) => ThreadPool.UnsafeQueueUserWorkItem(static state =>
    {
        try
        {
            state.Self._closing.CancelAfter(state.Delay);
        }
        catch (ObjectDisposedException)
        {
            // Already closed and disposed.
        }
    }, (Self: this, Delay: delay), preferLocal: false);

    private void SetClose(WebSocketCloseStatus status, string reason)
    {
        lock (_closeLock)
        {
            _closeWith ??= (status, reason);
        }
    }

    private async Task CloseAsync()
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        var (status, reason) = _closeWith ?? (WebSocketCloseStatus.NormalClosure, "bye");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }
    }
}
