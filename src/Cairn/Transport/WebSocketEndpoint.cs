using System.Net;
using System.Net.WebSockets;
using Cairn.Config;
using Cairn.Observability;

namespace Cairn.Transport;

/// <summary>
/// <c>/ws</c>: refuses browser origins that are not allowed, then upgrades and runs a
/// <see cref="WsConnectionSession"/> over a <see cref="WsFramingLoop"/> on the socket. Past
/// <c>gateway.limits.maxWebSockets</c> open sockets a new one is closed at once with 1013 (try again later).
/// </summary>
public static class WebSocketEndpoint
{
    public static void MapWebSocketEndpoint(this IEndpointRouteBuilder app) => app.Map("/ws", HandleAsync);

    private static async Task HandleAsync(HttpContext http, IServiceProvider services, CairnConfig config,
        SendBudget sendBudget, WebSocketGate gate, IHostApplicationLifetime lifetime, ILogger<WsConnectionSession> logger)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("This endpoint speaks WebSocket only.");
            return;
        }

        // No lockout check here: the token comes with connect, and the right one is never refused.
        var remote = http.Connection.RemoteIpAddress;

        // Browsers always send Origin on a WebSocket; a client without one is not a web page.
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !OriginPolicy.Allows(origin, http.Request, config.Gateway.AllowedOrigins))
        {
            Log.Refused(logger, "/ws", remote?.ToString(), $"origin {origin} is not allowed");
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync("This origin may not connect; add it to gateway.allowedOrigins.");
            return;
        }

        if (!gate.TryEnter())
        {
            await RefuseOverCapAsync(http, gate, services.GetRequiredService<CairnMetrics>(), logger);
            return;
        }

        try
        {
            await RunAsync(http, services, config, sendBudget, lifetime);
        }
        finally
        {
            gate.Leave();
        }
    }

    private static async Task RunAsync(HttpContext http, IServiceProvider services, CairnConfig config, SendBudget sendBudget,
        IHostApplicationLifetime lifetime)
    {
        var remote = http.Connection.RemoteIpAddress;
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var frames = new WsFramingLoop(socket, config.Gateway.MaxPayloadBytes, new WsSendLimits(config.Gateway.Limits.SendBufferBytes, sendBudget));
        var session = ActivatorUtilities.CreateInstance<WsConnectionSession>(services, frames, new WsPeer(remote), WsSessionOptions.From(config));
        await session.RunAsync(http.RequestAborted, lifetime.ApplicationStopping);
    }

    /// <summary>Accepts, then closes with 1013 and the reason; a client that does not answer the close is cut off after 2 s.</summary>
    private static async Task RefuseOverCapAsync(HttpContext http, WebSocketGate gate, CairnMetrics metrics, ILogger logger)
    {
        metrics.LimitRefused("websockets");
        Log.Refused(logger, "/ws", http.Connection.RemoteIpAddress?.ToString(), $"{gate.Max} WebSockets are open (gateway.limits.maxWebSockets)");
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        grace.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseAsync((WebSocketCloseStatus)WebSocketGate.TryAgainLater,
                $"Too many connections: {gate.Max} WebSockets are open (gateway.limits.maxWebSockets); try again later.", grace.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away or never answered the close: nothing more to tell it.
        }
    }
}

/// <summary>The remote end of a WebSocket, for the failed-token lockout.</summary>
public sealed record WsPeer(IPAddress? Address);
