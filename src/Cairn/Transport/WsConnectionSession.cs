using System.Net.WebSockets;
using System.Text.Json;
using Cairn.Chat.Models;
using Cairn.Config;
using Cairn.Gateway;
using Cairn.Protocol;

namespace Cairn.Transport;

/// <summary>What a WebSocket connection session is configured with, taken from the gateway config.</summary>
public sealed record WsSessionOptions(TimeSpan HandshakeTimeout, GatewayLimits Limits, bool NamedSessions)
{
    public static WsSessionOptions From(CairnConfig config) =>
        new(TimeSpan.FromSeconds(config.Gateway.Limits.HandshakeSeconds), config.Gateway.Limits, config.Session.NamedSessionsEnabled);
}

/// <summary>
/// The session of one WebSocket client, over a <see cref="WsFramingLoop"/>: the first request must be
/// <c>connect</c> with the token, within the handshake time, and is answered with the hello; anything else
/// closes the socket. After that each request runs as its own task through the <see cref="MethodDispatcher"/>
/// (at most <see cref="MaxInFlight"/> at once), and the events it subscribed to are forwarded (every session's chat
/// events unless <c>connect {chat}</c> or <c>events.subscribe</c> narrowed them). Every message takes a token from
/// the connection's rate limiter. This type decides when and why to close; the framing loop carries it out.
/// </summary>
public sealed class WsConnectionSession(
    WsFramingLoop frames, WsPeer peer, WsSessionOptions options, MethodDispatcher dispatcher, EventHub events,
    GatewayAuth auth, AuthFailureLimiter authLimiter, ModelCatalog models, TimeProvider time, ILogger<WsConnectionSession> logger)
    : IWsMessageHandler
{
    public const int MaxInFlight = 64;

    private readonly MessageRateLimiter _rate = new(options.Limits, time);
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private EventSubscription? _subscription;
    private string _client = "unknown";
    private int _inFlight;

    /// <summary>Runs until the connection ends; <paramref name="stopping"/> is the gateway shutting down.</summary>
    public async Task RunAsync(CancellationToken aborted, CancellationToken stopping)
    {
        using var handshake = new CancellationTokenSource(options.HandshakeTimeout, time);
        using var noConnect = handshake.Token.Register(() =>
        {
            if (_subscription is null)
            {
                frames.CloseFromServer(WebSocketCloseStatus.PolicyViolation, "no 'connect' within the handshake time", TimeSpan.FromSeconds(5));
            }
        });

        // Gateway stopping: close 1001 at once so clients start reconnecting now, not after the host's drain timeout.
        using var onStopping = stopping.Register(() =>
            frames.CloseFromServer(WebSocketCloseStatus.EndpointUnavailable, "gateway shutting down", TimeSpan.FromSeconds(1)));
        await frames.RunAsync(this, aborted);
        Log.SocketClosed(logger, _id, frames.CloseReason ?? "client closed");
    }

    void IWsMessageHandler.OnMessage(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        using var document = WsRequest.Parse(message, out var problem);
        var id = document is null ? null : WsRequest.IdOf(document.RootElement);
        if (!Admit(id))
        {
            return;
        }

        if (document is null || WsRequest.TryRead(document.RootElement, out problem) is not { } request)
        {
            frames.Send(ResponseFrame.Fail(id, ErrorCode.InvalidRequest, problem));
            return;
        }

        if (_subscription is null)
        {
            Connect(request);
        }
        else if (request.Method == "connect")
        {
            frames.Send(ResponseFrame.Fail(id, ErrorCode.InvalidRequest, "Already connected."));
        }
        else if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            frames.Send(ResponseFrame.Fail(id, ErrorCode.RateLimited, $"More than {MaxInFlight} requests are waiting for an answer; wait for some."));
        }
        else
        {
            _ = RunRequestAsync(request, ct);
        }
    }

    void IWsMessageHandler.OnUnreadableMessage(string problem)
    {
        if (Admit(null))
        {
            frames.Send(ResponseFrame.Fail(null, ErrorCode.InvalidRequest, problem));
        }
    }

    void IWsMessageHandler.OnReadEnded()
    {
        _subscription?.Dispose();
        dispatcher.ConnectionClosed(_id);
    }

    /// <summary>Takes a token for one incoming message; answers RATE_LIMITED, or closes on sustained abuse.</summary>
    private bool Admit(JsonElement? id)
    {
        switch (_rate.Take())
        {
            case RateDecision.Allow:
                return true;
            case RateDecision.Refuse:
                frames.Send(ResponseFrame.Fail(id, ErrorCode.RateLimited,
                    $"More than {options.Limits.MessagesPerSecond} messages a second (bursts of {options.Limits.MessageBurst}); slow down."));
                return false;
            default:
                Log.Refused(logger, "/ws messages", _id, "rate limit ignored");
                frames.Abort(new MethodError(ErrorCode.RateLimited, "Rate limit ignored for too long; closing the connection."),
                    WebSocketCloseStatus.PolicyViolation, id);
                return false;
        }
    }

    private async Task RunRequestAsync(WsRequest request, CancellationToken ct)
    {
        try
        {
            var outcome = await dispatcher.DispatchAsync(request.Method, request.Params, new MethodContext("ws", _client, _id), ct);
            frames.Send(ResponseFrame.From(request.Id, outcome));
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
            frames.Abort(new MethodError(ErrorCode.Unauthorized, "The first request must be 'connect' with the token."), WebSocketCloseStatus.PolicyViolation, request.Id);
            return;
        }

        var parsed = ParamsReader.Read<ConnectParams>(request.Params, static p => p.Chat is null ? null : EventsApi.Validate(new EventsSubscribeParams(p.Chat)));
        if (parsed.Error is { } error)
        {
            frames.Send(ResponseFrame.From(request.Id, error));
            return;
        }

        if (auth.Authenticate(parsed.Value!.Token, peer.Address, AuthSurface.WebSocket, authLimiter, logger) is { } refused)
        {
            frames.Abort(refused.Error, WebSocketCloseStatus.PolicyViolation, request.Id);
            return;
        }

        _client = parsed.Value.Client?.Name is { Length: > 0 and <= 64 } name ? name : "unknown";
        var hello = Hello.Create(dispatcher.Table, options.NamedSessions, models.Default.Info, models.Describe());
        frames.Send(ResponseFrame.From(request.Id, new Outcome<object>(hello, null)));
        var subscription = events.Subscribe(_id, frames.Send);
        subscription.SetChat(parsed.Value.Chat);
        _subscription = subscription;
        Log.SocketConnected(logger, _id, _client);
    }
}
