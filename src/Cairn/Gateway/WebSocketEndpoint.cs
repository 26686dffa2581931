using Cairn.Config;

namespace Cairn.Gateway;

/// <summary><c>/ws</c>: checks the Origin, upgrades, and hands the socket to a <see cref="WsConnection"/>.</summary>
public static class WebSocketEndpoint
{
    public static void MapWebSocketEndpoint(this IEndpointRouteBuilder app) => app.Map("/ws", HandleAsync);

    private static async Task HandleAsync(HttpContext http, IServiceProvider services, CairnConfig config, ILogger<WsConnection> logger)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("This endpoint speaks WebSocket only.");
            return;
        }

        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !OriginPolicy.Allows(origin, http.Request, config.Gateway.AllowedOrigins))
        {
            Log.Refused(logger, "/ws", http.Connection.RemoteIpAddress?.ToString(), $"origin {origin} is not allowed");
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync("This origin may not connect; add it to gateway.allowedOrigins.");
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var connection = ActivatorUtilities.CreateInstance<WsConnection>(services, socket);
        await connection.RunAsync(http.RequestAborted);
    }
}
