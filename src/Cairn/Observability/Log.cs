namespace Cairn.Observability;

internal static partial class Log
{
    [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "Health check: the store is not reachable")]
    public static partial void StoreUnreachable(ILogger logger, Exception exception);
}
