using System.Net;
using Cairn.Config;

namespace Cairn.Transport;

/// <summary>
/// <c>/ws</c>: refuses browser origins that are not allowed, then
/// upgrades and runs a <see cref="WsConnectionSession"/> over a <see cref="WsFramingLoop"/> on the socket.
/// </summary>
public static class WebSocketEndpoint
{
    public static void MapWebSocketEndpoint(this IEndpointRouteBuilder app) => app.Map("/ws", HandleAsync);

    private static async Task HandleAsync(HttpContext http, IServiceProvider services, CairnConfig config,
        SendBudget sendBudget, IHostApplicationLifetime lifetime, ILogger<WsConnectionSession> logger)
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

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var frames = new WsFramingLoop(socket, config.Gateway.MaxPayloadBytes, new WsSendLimits(config.Gateway.Limits.SendBufferBytes, sendBudget));
        var session = ActivatorUtilities.CreateInstance<WsConnectionSession>(services, frames, new WsPeer(remote), WsSessionOptions.From(config));
        await session.RunAsync(http.RequestAborted, lifetime.ApplicationStopping);
    }
}

/// <summary>The remote end of a WebSocket, for the failed-token lockout.</summary>
public sealed record WsPeer(IPAddress? Address);
