namespace Cairn.Gateway;

internal static partial class Log
{
    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Refused {What} from {Remote}: {Reason}")]
    public static partial void Refused(ILogger logger, string what, string? remote, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "WebSocket {ConnectionId} closed: {Reason}")]
    public static partial void SocketClosed(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "WebSocket {ConnectionId} connected as {Client}")]
    public static partial void SocketConnected(ILogger logger, string connectionId, string client);
}
